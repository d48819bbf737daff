package io.crowsnest.scoring.domain;

import java.time.Instant;
import java.util.List;

/**
 * A person's running value of one score: {@code value} as of {@code at} (the latest occurred_at
 * that awarded points; a late event adds its points decayed to it), and when points were last
 * awarded.
 */
public record ScoreState(double value, Instant at, Instant lastAwardedAt) {

    /** The value decayed to an instant, before clamping. */
    public double unclamped(List<HalfLife> halfLives, Instant now) {
        return value * Decay.factor(halfLives, at, now);
    }
}
