package io.crowsnest.identity.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;

import io.crowsnest.identity.domain.Identifier;
import io.crowsnest.platform.mongo.MongoWrites;

/**
 * Raw (normalised) values of the identifiers a channel delivers to (email, phone), apart from the
 * hashes used for matching, keyed by person and hash ({@code <personId>:<hash>}) so that
 * forgetting a person can wipe them. Personal data: never logged.
 */
@ApplicationScoped
public class DeliveryAddressStore {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> addresses;

    @PostConstruct
    void init() {
        addresses = database.getCollection("delivery_addresses");
    }

    public void keep(String personId, Identifier identifier, Instant seenAt) {
        String id = personId + ":" + identifier.hash();
        Document update = new Document("$set", new Document("personId", personId).append("hash", identifier.hash())
                        .append("type", identifier.type().name()).append("namespace", identifier.namespace())
                        .append("value", identifier.value()).append("masked", identifier.masked()))
                        .append("$max", new Document("lastSeenAt", Date.from(seenAt)));
        try {
            addresses.updateOne(eq("_id", id), update, new UpdateOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (!MongoWrites.isDuplicateKey(e)) {
                throw e;
            }
            addresses.updateOne(eq("_id", id), update); // a concurrent upsert created it first
        }
    }

    /** One kept address. */
    public record Address(String personId, String type, String namespace, String value, String masked,
            Instant lastSeenAt) {
    }

    /** The addresses kept for any of the persons. */
    public List<Address> of(Collection<String> personIds) {
        List<Address> found = new ArrayList<>();
        for (Document d : addresses.find(in("personId", personIds))) {
            found.add(new Address(d.getString("personId"), d.getString("type"), d.getString("namespace"),
                    d.getString("value"), d.getString("masked"), d.getDate("lastSeenAt").toInstant()));
        }
        return found;
    }

    /** Wipes every raw value kept for the persons. */
    public void wipe(Collection<String> personIds) {
        addresses.deleteMany(in("personId", personIds));
    }

    /** Records who obtained a person's addresses for which channel (ids and counts only, no values). */
    public void audit(String personId, String channel, String requestingSystem, int count, Instant at) {
        database.getCollection("delivery_address_access").insertOne(new Document("personId", personId)
                .append("channel", channel).append("requestingSystem", requestingSystem).append("count", count)
                .append("at", Date.from(at)));
    }
}
