package io.crowsnest.platform.idempotency;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.arc.properties.IfBuildProperty;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import org.bson.Document;
import org.bson.types.Binary;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;

import io.crowsnest.platform.mongo.MongoWrites;

/**
 * Idempotency keys per RPC: a key is claimed before the work starts and holds the response once
 * it is done, so a retry returns the first answer and concurrent duplicates never both run.
 * A claim whose holder died is taken over after the lease. A record names the persons its request
 * and response concern ({@code persons}), so that erasing a person deletes it ({@link #forget}), and
 * it expires after the retention ({@code expireAt}, deleted by {@link #expire}).
 */
@ApplicationScoped
@IfBuildProperty(name = "crowsnest.mongo.enabled", stringValue = "true")
public class IdempotencyStore {

    /** How long a running claim blocks a duplicate before it may be taken over. */
    @ConfigProperty(name = "crowsnest.idempotency.lease", defaultValue = "30S")
    Duration lease;

    /**
     * How long a key is kept after its first use: a retry with it within that time gets the first
     * answer; after it, the key is forgotten (and may run again). Longer than any caller retries.
     */
    @ConfigProperty(name = "crowsnest.idempotency.retention", defaultValue = "30D")
    Duration retention;

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> keys;

    @PostConstruct
    void init() {
        keys = database.getCollection("idempotency");
        keys.createIndex(Indexes.ascending("persons"));
        keys.createIndex(Indexes.ascending("expireAt"));
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
        if (MongoWrites.insertNew(keys, running(id, requestHash, now, retention))) {
            return new Claimed();
        }
        Document existing = keys.find(eq("_id", id)).first();
        if (existing == null) {
            return claim(rpc, key, requestHash, now);
        }
        return existing(existing, requestHash, now);
    }

    /**
     * claim() for many distinct keys of one RPC (request hash by key) in two round trips: one
     * unordered insert of them all, one read of those that existed already.
     */
    public Map<String, Claim> claimAll(String rpc, Map<String, String> hashByKey, Instant now) {
        List<String> order = new ArrayList<>(hashByKey.keySet());
        List<Document> docs = new ArrayList<>();
        order.forEach(key -> docs.add(running(rpc + ":" + key, hashByKey.get(key), now, retention)));
        Map<String, Claim> claims = new HashMap<>();
        order.forEach(key -> claims.put(key, new Claimed()));
        if (docs.isEmpty()) {
            return claims;
        }
        boolean[] inserted = MongoWrites.insertAllNew(keys, docs);
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < inserted.length; i++) {
            if (!inserted[i]) {
                taken.add(order.get(i));
            }
        }
        if (taken.isEmpty()) {
            return claims;
        }
        Map<String, Document> existing = new HashMap<>();
        for (Document doc : keys.find(in("_id", taken.stream().map(key -> rpc + ":" + key).toList()))) {
            existing.put(doc.getString("_id"), doc);
        }
        for (String key : taken) {
            Document doc = existing.get(rpc + ":" + key);
            // gone since the insert (abandoned meanwhile): claim it on its own
            claims.put(key, doc == null ? claim(rpc, key, hashByKey.get(key), now)
                    : existing(doc, hashByKey.get(key), now));
        }
        return claims;
    }

    private static Document running(String id, String requestHash, Instant now, Duration retention) {
        return new Document("_id", id).append("hash", requestHash).append("state", "RUNNING")
                .append("claimedAt", Date.from(now)).append("createdAt", Date.from(now))
                .append("expireAt", Date.from(now.plus(retention)));
    }

    /** What a claim finds when the key was there already. */
    private Claim existing(Document existing, String requestHash, Instant now) {
        if (!requestHash.equals(existing.getString("hash"))) {
            return new Reused();
        }
        if ("DONE".equals(existing.getString("state"))) {
            return new Done(existing.get("response", Binary.class).getData());
        }
        boolean takenOver = keys.updateOne(and(eq("_id", existing.getString("_id")), eq("state", "RUNNING"),
                lt("claimedAt", Date.from(now.minus(lease)))), new Document("$set",
                        new Document("claimedAt", Date.from(now)))).getModifiedCount() == 1;
        return takenOver ? new Claimed() : new Running();
    }

    /** The record under the key as a claim would find it, without claiming it (null: none). */
    public Claim peek(String rpc, String key, String requestHash) {
        Document existing = keys.find(eq("_id", rpc + ":" + key)).first();
        if (existing == null) {
            return null;
        }
        if (!requestHash.equals(existing.getString("hash"))) {
            return new Reused();
        }
        return "DONE".equals(existing.getString("state")) ? new Done(existing.get("response", Binary.class).getData())
                : new Running();
    }

    Duration retention() {
        return retention;
    }

    Duration lease() {
        return lease;
    }

    /**
     * Extends running claims of one RPC that this holder took at {@code claimedAt} to {@code now};
     * returns the keys it still holds (a claim taken over by a duplicate after its lease ran out is
     * not among them).
     */
    public Set<String> renewAll(String rpc, Collection<String> keys, Instant claimedAt, Instant now) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        List<String> ids = keys.stream().map(key -> rpc + ":" + key).toList();
        long renewed = this.keys.updateMany(and(in("_id", ids), eq("state", "RUNNING"),
                eq("claimedAt", Date.from(claimedAt))), new Document("$set",
                        new Document("claimedAt", Date.from(now)))).getModifiedCount();
        if (renewed == ids.size()) {
            return Set.copyOf(keys);
        }
        Set<String> held = new HashSet<>();
        for (Document doc : this.keys.find(and(in("_id", ids), eq("state", "RUNNING"),
                eq("claimedAt", Date.from(now))))) {
            held.add(doc.getString("_id").substring(rpc.length() + 1));
        }
        return held;
    }

    /** A finished request's response and the persons it concerns. */
    public record Outcome(byte[] response, List<String> persons) {
    }

    public void complete(String rpc, String key, Outcome outcome) {
        keys.updateOne(eq("_id", rpc + ":" + key), done(outcome));
    }

    /** complete() for many keys of one RPC (outcome by key) in one unordered bulk write. */
    public void completeAll(String rpc, Map<String, Outcome> outcomeByKey) {
        if (outcomeByKey.isEmpty()) {
            return;
        }
        List<UpdateOneModel<Document>> updates = new ArrayList<>();
        outcomeByKey.forEach((key, outcome) -> updates.add(new UpdateOneModel<>(eq("_id", rpc + ":" + key),
                done(outcome))));
        keys.bulkWrite(updates, new BulkWriteOptions().ordered(false));
    }

    private static Document done(Outcome outcome) {
        return new Document("$set", new Document("state", "DONE").append("response", new Binary(outcome.response()))
                .append("persons", outcome.persons()));
    }

    /**
     * Deletes the records of requests that concerned any of the persons (an erasure): a retry with
     * such a key afterwards runs as a new request and answers nothing kept of the erased persons.
     *
     * @return how many records were deleted
     */
    public long forget(Collection<String> personIds) {
        return personIds.isEmpty() ? 0 : keys.deleteMany(in("persons", List.copyOf(personIds))).getDeletedCount();
    }

    /** Deletes the records whose retention ran out by {@code now}; returns how many. */
    public long expire(Instant now) {
        return keys.deleteMany(lt("expireAt", Date.from(now))).getDeletedCount();
    }

    /** Gives the key back when the request failed without effect, so that a retry runs it again. */
    public void abandon(String rpc, String key) {
        keys.deleteOne(and(eq("_id", rpc + ":" + key), eq("state", "RUNNING")));
    }
}
