package io.crowsnest.platform.mongo;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.arc.Unremovable;
import io.quarkus.arc.properties.IfBuildProperty;

import org.bson.BsonDocument;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts every command the MongoDB driver sends (one command = one round trip), by command and
 * collection: {@code crowsnest.mongodb.commands} on {@code /q/metrics}, in every service that owns
 * a database. The benchmarks read it to report the MongoDB round trips an operation costs (a
 * reserve+commit, a GetIdentity); in production it shows which use case loads the database. The
 * driver picks this listener up as a CDI bean.
 */
@ApplicationScoped
@Unremovable
@IfBuildProperty(name = "crowsnest.mongo.enabled", stringValue = "true")
public class MongoCommandCounter implements CommandListener {

    static final String METER = "crowsnest.mongodb.commands";

    @Inject
    MeterRegistry registry;

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    @Override
    public void commandStarted(CommandStartedEvent event) {
        String command = event.getCommandName();
        String collection = collection(event.getCommand(), command);
        counters.computeIfAbsent(command + "/" + collection, k -> Counter.builder(METER)
                .description("MongoDB commands sent (round trips), by command and collection")
                .baseUnit("commands").tag("command", command).tag("collection", collection).register(registry))
                .increment();
    }

    /** The collection a command names (its first field's value), or "-" for database commands. */
    private static String collection(BsonDocument command, String name) {
        var value = command.get(name);
        return value != null && value.isString() ? value.asString().getValue() : "-";
    }
}
