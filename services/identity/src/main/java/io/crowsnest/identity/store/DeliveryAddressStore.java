package io.crowsnest.identity.store;

import static com.mongodb.client.model.Filters.eq;

import java.time.Instant;
import java.util.Date;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;

import io.crowsnest.identity.domain.Identifier;

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
            if (!Mongo.isDuplicateKey(e)) {
                throw e;
            }
            addresses.updateOne(eq("_id", id), update); // a concurrent upsert created it first
        }
    }
}
