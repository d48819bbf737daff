package io.crowsnest.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.inject.Singleton;

import org.bson.BsonDocument;
import org.bson.BsonValue;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

/** Records the commands the service sends, to count round trips (one command = one round trip). */
@Singleton
public class MongoCommands implements CommandListener {

    private static final Set<String> RESOLVE_COLLECTIONS = Set.of("idempotency", "identifiers", "persons",
            "delivery_addresses");

    /**
     * One command: its name, the collection it names, the fields its filter names and the thread
     * that sent it.
     */
    record Command(String name, String collection, Set<String> filtered, String thread) {

        @Override
        public String toString() {
            return name + " " + collection + (filtered.isEmpty() ? "" : " by " + filtered);
        }
    }

    private final List<Command> seen = new ArrayList<>();

    @Override
    public synchronized void commandStarted(CommandStartedEvent event) {
        BsonDocument command = event.getCommand();
        BsonValue collection = command.get(event.getCommandName());
        if (collection != null && collection.isString()) {
            BsonValue filter = command.get("filter");
            seen.add(new Command(event.getCommandName(), collection.asString().getValue(),
                    filter != null && filter.isDocument() ? Set.copyOf(filter.asDocument().keySet()) : Set.of(),
                    Thread.currentThread().getName()));
        }
    }

    /** The commands sent to the collections a resolve uses while {@code call} ran, as "name collection". */
    List<String> during(Runnable call) {
        return all(call).stream().filter(c -> RESOLVE_COLLECTIONS.contains(c.collection()))
                .map(c -> c.name() + " " + c.collection()).toList();
    }

    /** Every command sent to a collection while {@code call} ran, but a background sweep's. */
    List<Command> all(Runnable call) {
        int before;
        synchronized (this) {
            before = seen.size();
        }
        call.run();
        synchronized (this) {
            return seen.subList(before, seen.size()).stream().filter(c -> !c.thread().endsWith("-sweeper")).toList();
        }
    }
}
