package io.crowsnest.profile.domain;

import java.time.Instant;
import java.util.List;

/** A change identity announced on its change stream, as profile applies it. */
public sealed interface IdentityEvent {

    /** The change's offset on the stream. */
    long offset();

    /** The merged person now resolves to the survivor. */
    record Merged(long offset, String mergeId, String survivorPersonId, String mergedPersonId, Instant at)
            implements IdentityEvent {
    }

    /** A merge was reversed: the restored person is its own root again. */
    record Unmerged(long offset, String mergeId, String survivorPersonId, String restoredPersonId, Instant at)
            implements IdentityEvent {
    }

    /** The person and every id merged into it were erased. */
    record Forgotten(long offset, String personId, List<String> mergedPersonIds, Instant at) implements IdentityEvent {

        public Forgotten {
            mergedPersonIds = List.copyOf(mergedPersonIds);
        }
    }

    /** A kind of change this version does not know. */
    record Unknown(long offset) implements IdentityEvent {
    }
}
