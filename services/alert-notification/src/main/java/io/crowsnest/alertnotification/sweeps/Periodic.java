package io.crowsnest.alertnotification.sweeps;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs a background task at a fixed delay on its own daemon thread until stopped. */
public final class Periodic implements AutoCloseable {

    private final ScheduledExecutorService timer;

    private Periodic(String name, Duration every, Runnable task) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(task, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    public static Periodic every(String name, Duration every, Runnable task) {
        return new Periodic(name, every, task);
    }

    /** Stops a task started with {@link #every}, if any. */
    public static void stop(Periodic periodic) {
        if (periodic != null) {
            periodic.close();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
