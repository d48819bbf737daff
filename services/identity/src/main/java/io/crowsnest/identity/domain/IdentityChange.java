package io.crowsnest.identity.domain;

import java.time.Instant;
import java.util.List;

/** A change of who is who, as announced on the change feed: persons merged, unmerged or forgotten. */
public sealed interface IdentityChange {

    Instant occurredAt();

    /** The merged person now resolves to the survivor. */
    record Merged(Instant occurredAt, String mergeId, String survivorPersonId, String mergedPersonId,
            Merge.Trigger trigger, Reason reason) implements IdentityChange {
    }

    /** A merge was reversed: the restored person is its own root again. */
    record Unmerged(Instant occurredAt, String mergeId, String survivorPersonId, String restoredPersonId,
            Reason reason) implements IdentityChange {
    }

    /** The person and everyone merged into it were erased. */
    record Forgotten(Instant occurredAt, String personId, List<String> mergedPersonIds) implements IdentityChange {
    }
}
