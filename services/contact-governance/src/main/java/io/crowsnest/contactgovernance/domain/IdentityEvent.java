package io.crowsnest.contactgovernance.domain;

import java.util.List;

/** One change from identity's stream, at its offset, as governance acts on it. */
public sealed interface IdentityEvent {

    long offset();

    /** The merged person's data belongs to the survivor from now on. */
    record Merged(long offset, String mergedPersonId, String survivorPersonId, String mergeId)
            implements IdentityEvent {
    }

    /** The person and the persons merged into it were erased. */
    record Forgotten(long offset, String personId, List<String> mergedPersonIds) implements IdentityEvent {
    }

    /** A merge was reversed. */
    record Unmerged(long offset, String mergeId, String survivorPersonId) implements IdentityEvent {
    }

    /** A kind of change this version does not know. */
    record Unknown(long offset) implements IdentityEvent {
    }
}
