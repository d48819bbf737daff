package io.crowsnest.profile.domain;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The conflict rule for attributes, products and relationships: the newest value wins, by the instant
 * its source observed it. A person's profile holds the facts recorded for it and for every person
 * merged into it; its current value per key is the newest among them.
 */
public final class Facts {

    /** Newest first: observed later, then recorded later, then a stable order of values. */
    private static final Comparator<Fact> NEWEST = Comparator.comparing(Fact::observedAt)
            .thenComparing(Fact::recordedAt)
            .thenComparing(f -> String.valueOf(f.value()));

    private Facts() {
    }

    /** What a supplied value does to the current one. */
    public enum Outcome {
        /** Same value as the current one: nothing is written. */
        UNCHANGED,
        /** The supplied value becomes current. */
        APPLIED,
        /** Observed before the current value: kept in history only. */
        KEPT_IN_HISTORY
    }

    public static Outcome decide(Fact current, Fact supplied) {
        if (current == null ? supplied.cleared() : current.sameValue(supplied)) {
            return Outcome.UNCHANGED;
        }
        if (current != null && supplied.observedAt().isBefore(current.observedAt())) {
            return Outcome.KEPT_IN_HISTORY;
        }
        return Outcome.APPLIED;
    }

    /** Whether a wins over b when both compete for one key (neither null). */
    public static boolean wins(Fact a, Fact b) {
        return NEWEST.compare(a, b) > 0;
    }

    /**
     * The current fact per key over the facts of several persons (cleared keys included, as null
     * values), keys in order.
     */
    public static Map<String, Fact> current(Collection<Map<String, Fact>> persons) {
        Map<String, Fact> current = new TreeMap<>();
        for (Map<String, Fact> facts : persons) {
            facts.forEach((key, fact) -> current.merge(key, fact, (a, b) -> wins(b, a) ? b : a));
        }
        return current;
    }

    /** The current facts that hold a value (cleared keys left out). */
    public static Map<String, Fact> present(Map<String, Fact> current) {
        Map<String, Fact> present = new TreeMap<>(current);
        present.values().removeIf(Fact::cleared);
        return present;
    }
}
