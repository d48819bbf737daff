package io.crowsnest.platform.jobs;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * A background job (a sweep, a retry of owed work) run at a fixed delay on its own daemon thread
 * until stopped. A run that throws is logged and the next run happens as planned, so one bad pass
 * never ends the job, not even one that throws an {@link Error}. Runs never overlap.
 */
public final class Periodic implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Periodic.class);

    private final String name;
    private final ScheduledExecutorService timer;

    private Periodic(String name, Duration first, Duration every, Runnable task) {
        if (every.isZero() || every.isNegative()) {
            throw new IllegalArgumentException(name + ": the interval must be positive, got " + every);
        }
        this.name = name;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> runOnce(task), first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts {@code task} every {@code every}, the first run one interval from now. */
    public static Periodic every(String name, Duration every, Runnable task) {
        return new Periodic(name, every, every, task);
    }

    /**
     * Starts {@code task} at once (on the job's thread, so the caller does not wait for it) and then
     * every {@code every}: for work whose first result is needed as soon as possible after start-up.
     */
    public static Periodic nowAndEvery(String name, Duration every, Runnable task) {
        return new Periodic(name, Duration.ZERO, every, task);
    }

    /** Stops a job started by {@link #every}; null (never started) is fine. */
    public static void stop(Periodic job) {
        if (job != null) {
            job.close();
        }
    }

    private void runOnce(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warnf("background job %s failed this pass and runs again at its next interval: %s", name, e.toString());
        } catch (Error e) {
            // a scheduled task that lets an Error out is never run again, silently: log it loudly and go on
            LOG.errorf(e, "background job %s failed this pass with an error and runs again at its next interval", name);
        }
    }

    /** Stops scheduling; a run in progress is interrupted and waited for up to five seconds. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
