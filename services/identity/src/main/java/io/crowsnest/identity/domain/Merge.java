package io.crowsnest.identity.domain;

import java.time.Instant;
import java.util.List;

/**
 * One merge of the lineage: who survived, who was merged, when, why and on whose request, the
 * identifiers the merged person brought, the offset of its MERGED change (0 until announced) and,
 * once reversed, its {@link Unmerge}. Reasons are null only where a record was written without one.
 */
public record Merge(String mergeId, String survivorPersonId, String mergedPersonId, Instant mergedAt,
        Trigger trigger, Reason reason, String requestingSystem, String requestId,
        List<MaskedIdentifier> movedIdentifiers, long changeOffset, Unmerge unmerge) {

    /** What made the merge: a ResolvePerson request or an explicit LinkPersons. */
    public enum Trigger {
        RESOLVE, LINK
    }

    /** The reversal of a merge: when, why, on whose request, and the offset of its UNMERGED change. */
    public record Unmerge(Instant unmergedAt, Reason reason, String requestingSystem, String requestId,
            long changeOffset) {

        public Unmerge withChangeOffset(long offset) {
            return new Unmerge(unmergedAt, reason, requestingSystem, requestId, offset);
        }
    }

    public Merge {
        movedIdentifiers = List.copyOf(movedIdentifiers);
    }

    public Merge withChangeOffset(long offset) {
        return new Merge(mergeId, survivorPersonId, mergedPersonId, mergedAt, trigger, reason, requestingSystem,
                requestId, movedIdentifiers, offset, unmerge);
    }

    public Merge withUnmerge(Unmerge reversal) {
        return new Merge(mergeId, survivorPersonId, mergedPersonId, mergedAt, trigger, reason, requestingSystem,
                requestId, movedIdentifiers, changeOffset, reversal);
    }
}
