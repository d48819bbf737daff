package io.crowsnest.scoring.jobs;

import java.util.concurrent.ThreadFactory;

/** Threads of background work (backfills, boundary refreshes): named, and never holding the JVM up. */
public final class BackgroundThreads {

    private BackgroundThreads() {
    }

    public static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
