package io.crowsnest.scoring.store;

import static com.mongodb.client.model.Filters.eq;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

import io.crowsnest.platform.digest.Digests;
import io.crowsnest.platform.mongo.MongoWrites;

/**
 * What remains of a forgotten person ({@code tombstones}): an opaque hash of its id and when it
 * was forgotten, so that later events are refused and a repeated erasure is recognised.
 */
@ApplicationScoped
public class Tombstones {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> tombstones;

    @PostConstruct
    void init() {
        tombstones = database.getCollection("tombstones");
    }

    public Optional<Instant> forgottenAt(String personId) {
        Document doc = tombstones.find(eq("_id", hash(personId))).first();
        return Optional.ofNullable(doc).map(d -> d.getDate("at").toInstant());
    }

    /** Records the erasure; false when the person was forgotten already. */
    public boolean bury(String personId, Instant at) {
        return MongoWrites.insertNew(tombstones, new Document("_id", hash(personId)).append("at", Date.from(at)));
    }

    private static String hash(String personId) {
        return Digests.sha256Hex("scoring-person|" + personId);
    }
}
