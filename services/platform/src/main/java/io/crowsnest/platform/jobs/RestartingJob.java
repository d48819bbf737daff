package io.crowsnest.platform.jobs;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * A long-running background job (following a peer's stream) on its own daemon thread, started
 * again after a {@link Backoff} whenever an attempt ends, until closed. An attempt says whether it
 * went well: after one that did the wait starts over from the back-off's first wait, after one that
 * did not it grows. An attempt that throws counts as failed and is logged; the job goes on.
 */
public final class RestartingJob implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RestartingJob.class);

    /** One attempt; it may run as long as it has work (e.g. while a stream is open). */
    @FunctionalInterface
    public interface Attempt {
        /** @return whether it went well (the next wait starts over) or failed (the next wait grows) */
        boolean run();
    }

    private final String name;
    private final Backoff backoff;
    private final Attempt attempt;
    private final ScheduledExecutorService thread;
    private volatile boolean closed;
    private int streak;

    private RestartingJob(String name, Backoff backoff, Attempt attempt) {
        this.name = name;
        this.backoff = backoff;
        this.attempt = attempt;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the job: the first attempt right away, each next one a back-off after the last ended. */
    public static RestartingJob start(String name, Backoff backoff, Attempt attempt) {
        RestartingJob job = new RestartingJob(name, backoff, attempt);
        job.thread.execute(job::runOnce);
        return job;
    }

    /** Whether {@link #close} was called: an attempt ending because of it is no failure. */
    public boolean closed() {
        return closed;
    }

    private void runOnce() {
        if (closed) {
            return;
        }
        boolean wentWell;
        try {
            wentWell = attempt.run();
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warnf("background job %s failed an attempt and tries again after a back-off: %s", name,
                        e.toString());
            }
            wentWell = false;
        }
        if (closed) {
            return;
        }
        streak = wentWell ? 0 : streak;
        try {
            thread.schedule(this::runOnce, backoff.wait(streak++).toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    /** Stops the job; an attempt in progress is interrupted and waited for up to five seconds. */
    @Override
    public void close() {
        closed = true;
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
