package io.crowsnest.profile.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;

/**
 * The access audit log: who read or erased a person's data, when (no personal data besides the id;
 * after an erasure, a pseudonym instead of the id).
 */
@ApplicationScoped
public class AuditStore {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> audit;

    @PostConstruct
    void init() {
        audit = database.getCollection("access_audit");
        audit.createIndex(Indexes.ascending("personId"));
    }

    /**
     * An erasure: the records of the persons keep that an access happened, under the pseudonym
     * ("erased-…"), no longer to whom, as the gateway's access audit does. Returns how many changed.
     */
    public long pseudonymise(Collection<String> personIds, String pseudonym) {
        return audit.updateMany(Filters.in("personId", List.copyOf(personIds)), Updates.set("personId", pseudonym))
                .getModifiedCount();
    }

    /** The pseudonym an erasure gives the persons it erases in the audit. */
    public static String pseudonym() {
        return "erased-" + UUID.randomUUID();
    }

    /** Records an access, e.g. action EXPORT by the requesting system "privacy-desk". */
    public void record(String personId, String action, String requestingSystem, Instant at) {
        audit.insertOne(new Document("_id", UUID.randomUUID().toString()).append("personId", personId)
                .append("action", action).append("requestingSystem", requestingSystem).append("at", Mongo.date(at)));
    }
}
