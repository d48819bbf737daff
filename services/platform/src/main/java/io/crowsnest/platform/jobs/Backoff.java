package io.crowsnest.platform.jobs;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a background job waits before trying again: the first wait after a success is
 * {@code initial}, each failure in a row doubles it up to {@code ceiling}, and every wait gets up to
 * half of itself again at random so that instances that lost a peer together do not come back in
 * step.
 *
 * @param initial the first wait (after a success, or before the first retry)
 * @param ceiling the longest wait, however many failures in a row
 */
public record Backoff(Duration initial, Duration ceiling) {

    /** Half a second doubling up to thirty seconds: for following a peer that may restart. */
    public static final Backoff PEER = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    /**
     * A millisecond doubling up to twenty: between two attempts of an operation another request holds
     * for a moment (a person's lease, a rebuild of a person's counters), see {@link #pause}.
     */
    public static final Backoff CONTENDED = new Backoff(Duration.ofMillis(1), Duration.ofMillis(20));

    public Backoff {
        if (initial.isZero() || initial.isNegative() || ceiling.compareTo(initial) < 0) {
            throw new IllegalArgumentException(
                    "a back-off needs 0 < initial <= ceiling, got " + initial + " and " + ceiling);
        }
    }

    /** The wait before attempt {@code streak + 1}, jitter left out ({@code streak}: attempts since the last success). */
    public Duration base(int streak) {
        long millis = initial.toMillis();
        for (int i = 0; i < streak && millis < ceiling.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, ceiling.toMillis()));
    }

    /** {@link #base} plus up to half of it at random. */
    public Duration wait(int streak) {
        long base = base(streak).toMillis();
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }

    /**
     * Blocks the calling thread for {@link #wait}({@code streak}): the one pause between two attempts
     * of an operation that another holder contends, so no service writes its own sleep. Whoever
     * decides when to give up does so from its own clock or attempt count.
     *
     * @param streak attempts that failed in a row so far
     * @return true after the whole pause; false at once when the thread is interrupted (its interrupt
     *     flag stays set, for the caller to stop)
     */
    public boolean pause(int streak) {
        try {
            Thread.sleep(wait(streak).toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
