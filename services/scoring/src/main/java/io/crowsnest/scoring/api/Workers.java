package io.crowsnest.scoring.api;

import java.util.concurrent.ThreadFactory;

/** Threads of the background work (backfills, schedules, boundaries): named, and never holding the JVM up. */
final class Workers {

    private Workers() {
    }

    static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
