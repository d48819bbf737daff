package io.crowsnest.profile.domain;

import java.time.Duration;
import java.time.Instant;

/** Which occurred-at instants an event may carry: not beyond the clock skew ahead, not older than retention. */
public final class EventTime {

    private EventTime() {
    }

    /** The verdict on one instant. */
    public enum Verdict {
        OK, IN_FUTURE, TOO_OLD
    }

    public static Verdict check(Instant occurredAt, Instant now, Duration skew, Duration retention) {
        if (occurredAt.isAfter(now.plus(skew))) {
            return Verdict.IN_FUTURE;
        }
        if (occurredAt.isBefore(now.minus(retention))) {
            return Verdict.TOO_OLD;
        }
        return Verdict.OK;
    }

    /** When an event that occurred then is deleted. */
    public static Instant expiry(Instant occurredAt, Duration retention) {
        return occurredAt.plus(retention);
    }
}
