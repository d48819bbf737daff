package io.crowsnest.decisioning.store;

import static com.mongodb.client.model.Filters.eq;

import java.time.Instant;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

import io.crowsnest.platform.mongo.MongoWrites;

/** Opaque tombstones of forgotten person ids ({@code forgotten}): only the id and when. */
@ApplicationScoped
public class TombstoneStore {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> forgotten;

    @PostConstruct
    void init() {
        forgotten = database.getCollection("forgotten");
    }

    /** False when the person was forgotten already. */
    public boolean add(String personId, Instant at) {
        return MongoWrites.insertNew(forgotten, new Document("_id", personId).append("at", Docs.date(at)));
    }

    public boolean isForgotten(String personId) {
        return forgotten.find(eq("_id", personId)).first() != null;
    }
}
