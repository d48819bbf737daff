package io.crowsnest.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.inject.Singleton;

import org.bson.BsonValue;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

/** Records the commands the service sends to the collections a resolve uses, to count round trips. */
@Singleton
public class MongoCommands implements CommandListener {

    private static final Set<String> RESOLVE_COLLECTIONS = Set.of("idempotency", "identifiers", "persons",
            "delivery_addresses");

    private final List<String> seen = new ArrayList<>();

    @Override
    public synchronized void commandStarted(CommandStartedEvent event) {
        BsonValue collection = event.getCommand().get(event.getCommandName());
        if (collection != null && collection.isString()
                && RESOLVE_COLLECTIONS.contains(collection.asString().getValue())) {
            seen.add(event.getCommandName() + " " + collection.asString().getValue());
        }
    }

    /** The commands sent while {@code call} ran. */
    List<String> during(Runnable call) {
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
