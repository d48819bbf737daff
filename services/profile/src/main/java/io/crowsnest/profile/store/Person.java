package io.crowsnest.profile.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.crowsnest.profile.domain.Activity;
import io.crowsnest.profile.domain.Answer;
import io.crowsnest.profile.domain.Fact;

/**
 * What profile stores about one person id: the facts and activity recorded for it, and where it
 * stands in merges. A root holds in {@code members} itself and every id merged into it, whose data
 * its profile shows; a merged-away id names its root and the merge that took it there.
 *
 * @param root        the id whose profile shows this one's data (itself when not merged away)
 * @param members     for a root, itself and every id merged into it
 * @param mergedInto  the survivor it was merged into, or null
 * @param mergeId     identity's id of that merge, or null
 * @param unmerged    ids of the merges of this person into another that were reversed
 * @param forgottenAt set on an erased person's tombstone, which holds nothing else
 * @param createdAt   when profile first stored data for it, or null when only lineage is known
 * @param attributesVersion for a root, counts the changes of the attributes its profile shows (its
 *                    own or its members'), so that the latest snapshot pushed to scoring wins; 0 when none
 * @param index       the activity's last 30 days per channel and most recent event ids
 */
public record Person(String id, String root, List<String> members, String mergedInto, String mergeId,
        List<String> unmerged, Instant forgottenAt, Instant createdAt, Instant updatedAt, Map<String, Fact> attributes,
        Map<String, Fact> products, Map<String, Fact> relationships, List<Answer> answers, Activity activity,
        long attributesVersion, ActivityIndex index) {

    public boolean forgotten() {
        return forgottenAt != null;
    }
}
