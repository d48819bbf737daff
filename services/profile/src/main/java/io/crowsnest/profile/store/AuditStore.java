package io.crowsnest.profile.store;

import java.time.Instant;
import java.util.UUID;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;

/** The access audit log: who read or erased a person's data, when (no personal data besides the id). */
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

    /** Records an access, e.g. action EXPORT by the requesting system "privacy-desk". */
    public void record(String personId, String action, String requestingSystem, Instant at) {
        audit.insertOne(new Document("_id", UUID.randomUUID().toString()).append("personId", personId)
                .append("action", action).append("requestingSystem", requestingSystem).append("at", Mongo.date(at)));
    }
}
