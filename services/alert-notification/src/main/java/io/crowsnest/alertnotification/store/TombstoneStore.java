package io.crowsnest.alertnotification.store;

import static com.mongodb.client.model.Filters.eq;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;

import io.crowsnest.platform.digest.Digests;

/**
 * Opaque tombstones of erased person ids ({@code forgotten_persons}): the SHA-256 of the id and when
 * it was erased, so that a repeated erasure is recognised without keeping the id.
 */
@ApplicationScoped
public class TombstoneStore {

    private final MongoCollection<Document> tombstones;

    @Inject
    public TombstoneStore(MongoDatabase database) {
        this.tombstones = database.getCollection("forgotten_persons");
    }

    public void bury(String personId, Instant at) {
        tombstones.replaceOne(eq("_id", hash(personId)), new Document("_id", hash(personId)).append("at",
                java.util.Date.from(at)), new ReplaceOptions().upsert(true));
    }

    /** When the person id was erased, if it was. */
    public Optional<Instant> forgottenAt(String personId) {
        return Optional.ofNullable(tombstones.find(eq("_id", hash(personId))).first())
                .map(d -> d.getDate("at").toInstant());
    }

    private static String hash(String personId) {
        return Digests.sha256Hex(personId);
    }
}
