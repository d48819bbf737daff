package io.crowsnest.contactgovernance.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * How far a caller's clock may be from ours: an instant a caller reports as past (a contact made,
 * an outcome, a consent observed, the end of a simulated range) may be up to five minutes ahead of
 * our clock, and a planned instant up to five minutes behind it (the contact is then evaluated now).
 */
public final class ClockSkew {

    /** The difference tolerated either way. */
    public static final Duration TOLERATED = Duration.ofMinutes(5);

    private ClockSkew() {
    }

    /** Whether an instant reported as past lies ahead of {@code now} beyond the tolerance. */
    public static boolean inFuture(Instant reported, Instant now) {
        return reported.isAfter(now.plus(TOLERATED));
    }

    /** Whether a planned instant lies behind {@code now} beyond the tolerance. */
    public static boolean inPast(Instant planned, Instant now) {
        return planned.isBefore(now.minus(TOLERATED));
    }

    /** The instant a planned contact is evaluated at: when it is planned, or now when that has passed. */
    public static Instant evaluatedAt(Instant planned, Instant now) {
        return planned.isBefore(now) ? now : planned;
    }
}
