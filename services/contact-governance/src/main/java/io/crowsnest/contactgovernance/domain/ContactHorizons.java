package io.crowsnest.contactgovernance.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How far in time governance looks: a reservation holds 15 minutes unless asked otherwise, at most a
 * day; a contact may be checked up to 90 days ahead; a contact made elsewhere may be recorded up to
 * 400 days after it was made; a policy may be simulated over at most 400 days of the ledger.
 */
public final class ContactHorizons {

    /** How long a reservation holds when no time is asked for. */
    public static final Duration DEFAULT_HOLD = Duration.ofSeconds(900);
    /** The longest a reservation may hold. */
    public static final Duration MAX_HOLD = Duration.ofSeconds(86_400);
    /** How far ahead a contact may be checked for eligibility. */
    public static final Duration CHECK_AHEAD = Duration.ofDays(90);
    /** The oldest contact made elsewhere that may still be recorded. */
    public static final Duration EXTERNAL_MAX_AGE = Duration.ofDays(400);
    /** The longest stretch of the ledger a policy is simulated over. */
    public static final Duration MAX_SIMULATED_RANGE = Duration.ofDays(400);

    private ContactHorizons() {
    }

    /** The hold asked for in seconds: 0 for the default; empty when outside 0 to a day. */
    public static Optional<Duration> hold(long seconds) {
        if (seconds == 0) {
            return Optional.of(DEFAULT_HOLD);
        }
        if (seconds < 0 || seconds > MAX_HOLD.toSeconds()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(seconds));
    }

    /** Whether a contact made elsewhere at {@code at} is too old to record at {@code now}. */
    public static boolean tooOldToRecord(Instant at, Instant now) {
        return at.isBefore(now.minus(EXTERNAL_MAX_AGE));
    }

    /** Whether a simulation from {@code start} to {@code end} spans more than the ledger it may read. */
    public static boolean tooLongToSimulate(Instant start, Instant end) {
        return Duration.between(start, end).compareTo(MAX_SIMULATED_RANGE) > 0;
    }
}
