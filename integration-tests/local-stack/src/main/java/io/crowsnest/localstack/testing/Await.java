package io.crowsnest.localstack.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits in a test for what background work (a stream follower, an outbox, a sweep, a process
 * starting) makes true: polls a condition until it holds or a deadline passes, then fails saying
 * what was awaited and what was last seen. Never a pause to let time pass: a test that needs time to
 * pass moves a clock.
 */
public final class Await {

    /** How often a condition is asked again. */
    static final Duration POLL = Duration.ofMillis(20);

    private Await() {
    }

    /** Waits until {@code condition} holds; fails with "not within <timeout>: <what>" otherwise. */
    public static void until(Duration timeout, BooleanSupplier condition, String what) {
        until(timeout, condition, () -> what);
    }

    /** As {@link #until(Duration, BooleanSupplier, String)}, the message made when it fails (to show state). */
    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + seconds(timeout) + ": " + what.get());
            }
            poll();
        }
    }

    /**
     * Asks {@code probe} until its answer passes {@code done} and returns that answer; fails naming
     * {@code what} and the last answer.
     */
    public static <T> T until(Duration timeout, Supplier<T> probe, Predicate<? super T> done, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + seconds(timeout) + ": " + what + "; last seen: " + last);
            }
            poll();
            last = probe.get();
        }
        return last;
    }

    /** Asks {@code probe} until it answers a value and returns it; fails naming {@code what}. */
    public static <T> T present(Duration timeout, Supplier<Optional<T>> probe, String what) {
        return until(timeout, probe, Optional::isPresent, what).orElseThrow();
    }

    /**
     * Calls {@code call} until it returns without throwing and returns its answer (e.g. a service
     * that is still starting); fails naming {@code what}, with the last failure as the cause.
     */
    public static <T> T succeeds(Duration timeout, Callable<T> call, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return call.call();
            } catch (Exception e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("not within " + seconds(timeout) + ": " + what + "; last failure: " + e,
                            e);
                }
            }
            poll();
        }
    }

    /**
     * Checks that {@code condition} holds all through {@code period} (nothing that must not happen
     * happened); fails as soon as it does not, saying {@code what} should have held.
     */
    public static void holds(Duration period, BooleanSupplier condition, String what) {
        long end = System.nanoTime() + period.toNanos();
        do {
            if (!condition.getAsBoolean()) {
                throw new AssertionError("did not hold through " + seconds(period) + ": " + what);
            }
            poll();
        } while (System.nanoTime() - end < 0);
        if (!condition.getAsBoolean()) {
            throw new AssertionError("did not hold through " + seconds(period) + ": " + what);
        }
    }

    private static void poll() {
        LockSupport.parkNanos(POLL.toNanos());
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting");
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
