package io.crowsnest.scoring.domain;

import java.util.List;

/** One change on identity's change stream as scoring applies it, with its offset on the stream. */
public sealed interface IdentityEvent {

    long offset();

    /** One person merged into another (merge id: what makes absorbing it twice impossible). */
    record Merged(long offset, String mergeId, String mergedPersonId, String survivorPersonId)
            implements IdentityEvent {
    }

    /** A person erased, with every id merged into it. */
    record Forgotten(long offset, String personId, List<String> mergedPersonIds) implements IdentityEvent {

        public Forgotten {
            mergedPersonIds = List.copyOf(mergedPersonIds);
        }
    }

    /** A merge undone: the restored person is its own again. */
    record Unmerged(long offset, String mergeId, String restoredPersonId, String survivorPersonId)
            implements IdentityEvent {
    }

    /** A kind of change this release does not know. */
    record Unknown(long offset) implements IdentityEvent {
    }
}
