package io.crowsnest.decisioning;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Singleton;

import org.bson.BsonValue;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

/**
 * Records the commands the service sends (one command = one round trip) with the thread that sent
 * them, so a test can count what one gRPC call cost apart from the background processors'. The
 * driver picks it up as a CDI bean.
 */
@Singleton
public class MongoCommands implements CommandListener {

    /** One command: its name, the collection it names and the thread that sent it. */
    record Command(String name, String collection, String thread) {
    }

    private final List<Command> seen = new ArrayList<>();

    @Override
    public synchronized void commandStarted(CommandStartedEvent event) {
        BsonValue collection = event.getCommand().get(event.getCommandName());
        if (collection != null && collection.isString()) {
            seen.add(new Command(event.getCommandName(), collection.asString().getValue(),
                    Thread.currentThread().getName()));
        }
    }

    /**
     * The commands sent while {@code call} ran by the worker threads that serve gRPC calls (Quarkus'
     * executor threads, or Vert.x's worker threads in an application the tests started again under
     * another profile), not by the background processors, whose threads have names of their own.
     */
    List<Command> during(Runnable call) {
        return all(call).stream().filter(c -> servesCalls(c.thread())).toList();
    }

    static boolean servesCalls(String thread) {
        return thread.startsWith("executor-thread") || thread.startsWith("vert.x-worker-thread");
    }

    /** Every command sent while {@code call} ran, by any thread. */
    List<Command> all(Runnable call) {
        int before;
        synchronized (this) {
            before = seen.size();
        }
        call.run();
        synchronized (this) {
            return List.copyOf(seen.subList(before, seen.size()));
        }
    }
}
