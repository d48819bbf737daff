package io.crowsnest.localstack;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping child processes: politely (SIGTERM) first, forcibly (SIGKILL) when they hang. */
final class ProcessControl {

    private ProcessControl() {
    }

    static void stop(Process process, Duration grace) {
        stop(process.toHandle(), grace);
    }

    static void stop(ProcessHandle process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            process.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(x -> null).join();
        }
    }
}
