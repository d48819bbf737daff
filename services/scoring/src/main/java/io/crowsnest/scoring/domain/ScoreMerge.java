package io.crowsnest.scoring.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The score states a survivor keeps when another person is merged into it: for every active score,
 * the sum of both persons' values decayed to the merge instant (the latest of now and every
 * state's reference instant), each clamped and the sum clamped, referenced at that instant, with
 * the later of the two last awards; a score no active plan owns keeps the survivor's state, or
 * takes the merged person's when the survivor has none.
 */
public final class ScoreMerge {

    private ScoreMerge() {
    }

    public static Map<String, ScoreState> combine(PlanBook book, Map<String, ScoreState> merged,
            Map<String, ScoreState> own, Instant now) {
        Instant at = now;
        for (ScoreState s : merged.values()) {
            at = s.at().isAfter(at) ? s.at() : at;
        }
        for (ScoreState s : own.values()) {
            at = s.at().isAfter(at) ? s.at() : at;
        }
        Map<String, PlanBook.OwnedScore> active = new TreeMap<>();
        book.scores(at).forEach(s -> active.put(s.definition().name(), s));
        Set<String> names = new TreeSet<>(merged.keySet());
        names.addAll(own.keySet());
        Map<String, ScoreState> out = new TreeMap<>();
        for (String name : names) {
            ScoreState a = merged.get(name);
            ScoreState b = own.get(name);
            PlanBook.OwnedScore score = active.get(name);
            if (score == null) {
                if (b == null) {
                    out.put(name, a);
                }
                continue;
            }
            List<HalfLife> halfLives = book.halfLives(name);
            double sum = value(score, a, halfLives, at) + value(score, b, halfLives, at);
            Instant last = a == null ? b.lastAwardedAt() : b == null || a.lastAwardedAt().isAfter(b.lastAwardedAt())
                    ? a.lastAwardedAt() : b.lastAwardedAt();
            out.put(name, new ScoreState(score.definition().clamp(sum), at, last));
        }
        return out;
    }

    private static double value(PlanBook.OwnedScore score, ScoreState state, List<HalfLife> halfLives, Instant at) {
        return state == null ? 0 : score.definition().clamp(state.unclamped(halfLives, at));
    }
}
