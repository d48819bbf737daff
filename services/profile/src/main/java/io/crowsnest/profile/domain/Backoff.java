package io.crowsnest.profile.domain;

import java.time.Duration;

/** Exponential back-off: initial, doubled after each failure in a row, capped, with up to 20 % jitter. */
public final class Backoff {

    private Backoff() {
    }

    /**
     * The pause after a number of failures in a row (1 for the first failure).
     *
     * @param jitter a number in [0, 1): the fraction of the 20 % jitter to add
     */
    public static Duration after(int failures, Duration initial, Duration max, double jitter) {
        int doublings = Math.min(Math.max(failures, 1) - 1, 30);
        long millis = Math.min(initial.toMillis() << doublings, max.toMillis());
        if (millis < 0) {
            millis = max.toMillis();
        }
        return Duration.ofMillis(millis + (long) (millis * 0.2 * jitter));
    }
}
