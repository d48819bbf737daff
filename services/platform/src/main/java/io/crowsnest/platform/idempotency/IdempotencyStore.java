package io.crowsnest.platform.idempotency;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.arc.properties.IfBuildProperty;

import org.bson.Document;
import org.bson.types.Binary;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

/**
 * Idempotency keys per RPC: a key is claimed before the work starts and holds the response once
 * it is done, so a retry returns the first answer and concurrent duplicates never both run.
 * A claim whose holder died is taken over after the lease.
 */
@ApplicationScoped
@IfBuildProperty(name = "crowsnest.mongo.enabled", stringValue = "true")
public class IdempotencyStore {

    /** How long a running claim blocks a duplicate before it may be taken over. */
    static final Duration LEASE = Duration.ofSeconds(30);

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> keys;

    @PostConstruct
    void init() {
        keys = database.getCollection("idempotency");
    }

    /** What a claim found. */
    public sealed interface Claim {
    }

    /** The caller runs the request and must complete or abandon the claim. */
    public record Claimed() implements Claim {
    }

    /** The same request finished before: its stored response. */
    public record Done(byte[] response) implements Claim {
    }

    /** The key was used with a different request. */
    public record Reused() implements Claim {
    }

    /** The same request is running elsewhere right now. */
    public record Running() implements Claim {
    }

    public Claim claim(String rpc, String key, String requestHash, Instant now) {
        String id = rpc + ":" + key;
        try {
            keys.insertOne(new Document("_id", id).append("hash", requestHash).append("state", "RUNNING")
                    .append("claimedAt", Date.from(now)).append("createdAt", Date.from(now)));
            return new Claimed();
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        Document existing = keys.find(eq("_id", id)).first();
        if (existing == null) {
            return claim(rpc, key, requestHash, now);
        }
        if (!requestHash.equals(existing.getString("hash"))) {
            return new Reused();
        }
        if ("DONE".equals(existing.getString("state"))) {
            return new Done(existing.get("response", Binary.class).getData());
        }
        boolean takenOver = keys.updateOne(and(eq("_id", id), eq("state", "RUNNING"),
                lt("claimedAt", Date.from(now.minus(LEASE)))), new Document("$set",
                        new Document("claimedAt", Date.from(now)))).getModifiedCount() == 1;
        return takenOver ? new Claimed() : new Running();
    }

    public void complete(String rpc, String key, byte[] response) {
        keys.updateOne(eq("_id", rpc + ":" + key), new Document("$set",
                new Document("state", "DONE").append("response", new Binary(response))));
    }

    /** Gives the key back when the request failed without effect, so that a retry runs it again. */
    public void abandon(String rpc, String key) {
        keys.deleteOne(and(eq("_id", rpc + ":" + key), eq("state", "RUNNING")));
    }
}
