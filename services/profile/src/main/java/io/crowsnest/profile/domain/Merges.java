package io.crowsnest.profile.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a merge or an unmerge does to the current values, for the attribute history. Nothing is
 * copied or dropped: both persons' facts stay recorded under their own ids, and the newest wins.
 * These functions say which values changed hands and which lost.
 */
public final class Merges {

    private Merges() {
    }

    /**
     * A merge of a person into a survivor, given each side's current facts: one change per key where
     * they differ, applied when the merged person's value is newer, kept in history (lost) otherwise.
     */
    public static List<Change> merge(Map<String, Fact> survivor, Map<String, Fact> merged) {
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<String, Fact> entry : merged.entrySet()) {
            Fact kept = survivor.get(entry.getKey());
            Fact brought = entry.getValue();
            if (kept == null ? brought.cleared() : kept.sameValue(brought)) {
                continue;
            }
            changes.add(new Change(entry.getKey(), kept, brought, kept == null || Facts.wins(brought, kept)));
        }
        return changes;
    }

    /** An unmerge: one change per key whose current value differs before and after the split. */
    public static List<Change> split(Map<String, Fact> before, Map<String, Fact> after) {
        List<Change> changes = new ArrayList<>();
        for (String key : union(before, after)) {
            Fact was = before.get(key);
            Fact now = after.get(key);
            if (!Objects.equals(valueOf(was), valueOf(now))) {
                changes.add(new Change(key, was, now, true));
            }
        }
        return changes;
    }

    private static Object valueOf(Fact fact) {
        return fact == null ? null : fact.value();
    }

    private static TreeSet<String> union(Map<String, Fact> a, Map<String, Fact> b) {
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }
}
