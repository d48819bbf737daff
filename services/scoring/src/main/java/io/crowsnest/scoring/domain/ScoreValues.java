package io.crowsnest.scoring.domain;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** The values of the active scores at an instant: decayed and clamped, 0 clamped for a score never awarded. */
public final class ScoreValues {

    private ScoreValues() {
    }

    /** Every score a plan in force at {@code at} owns, by name, with the person's value then. */
    public static Map<String, Double> at(PlanBook book, Map<String, ScoreState> states, Instant at) {
        Map<String, Double> values = new TreeMap<>();
        for (PlanBook.OwnedScore score : book.scores(at)) {
            String name = score.definition().name();
            ScoreState state = states.get(name);
            double raw = state == null ? 0 : state.unclamped(book.halfLives(name), at);
            values.put(name, score.definition().clamp(raw));
        }
        return values;
    }
}
