package io.crowsnest.scoring.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Exponential decay with a half-life that may change over time (a new plan version changes it
 * from its effective_from on): a point held from a to b is worth the product over the pieces of
 * 0.5^(time spent in the piece / its half-life). Before the first piece the first half-life applies.
 * The Lua script that awards points computes the same factor (redis/observe.lua).
 */
public final class Decay {

    private Decay() {
    }

    /** What one point held at a is worth at b (1 when b is not after a). */
    public static double factor(List<HalfLife> pieces, Instant a, Instant b) {
        if (pieces.isEmpty() || !b.isAfter(a)) {
            return 1.0;
        }
        double exponent = 0;
        for (int i = 0; i < pieces.size(); i++) {
            long seconds = pieces.get(i).seconds();
            Instant start = i == 0 ? Instant.MIN : pieces.get(i).from();
            Instant end = i + 1 < pieces.size() ? pieces.get(i + 1).from() : Instant.MAX;
            Instant lo = a.isAfter(start) ? a : start;
            Instant hi = b.isBefore(end) ? b : end;
            if (seconds > 0 && hi.isAfter(lo)) {
                exponent += Duration.between(lo, hi).toMillis() / 1000.0 / seconds;
            }
        }
        return Math.pow(0.5, exponent);
    }
}
