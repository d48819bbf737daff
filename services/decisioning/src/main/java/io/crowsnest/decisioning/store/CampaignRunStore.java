package io.crowsnest.decisioning.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;
import static io.crowsnest.decisioning.store.Docs.date;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.types.Binary;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.crowsnest.platform.mongo.MongoWrites;

/**
 * What the campaign runner keeps to share work and resume after a crash: the runners alive
 * ({@code campaign_runners}, owner and expiry, renewed by each), leases of the person-id
 * partitions ({@code campaign_leases}, owner and expiry, taken by compare-and-set), the audience
 * read checkpoint of each campaign and partition ({@code campaign_checkpoints}: the scoring page
 * token to continue from) and each reservation batch as sent ({@code campaign_batches}), so that a
 * batch interrupted by a crash is sent again identically under its idempotency key.
 */
@ApplicationScoped
public class CampaignRunStore {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> runners;
    private MongoCollection<Document> leases;
    private MongoCollection<Document> checkpoints;
    private MongoCollection<Document> batches;

    @PostConstruct
    void init() {
        runners = database.getCollection("campaign_runners");
        leases = database.getCollection("campaign_leases");
        checkpoints = database.getCollection("campaign_checkpoints");
        batches = database.getCollection("campaign_batches");
    }

    /**
     * Takes or renews the lease of a partition for the owner until now + ttl: granted when the
     * partition is free, expired or already the owner's. Two owners never both hold it.
     */
    public boolean lease(int partition, String owner, Instant now, Duration ttl) {
        try {
            leases.updateOne(and(eq("_id", partition), or(eq("owner", owner), lte("expires_at", date(now)))),
                    Updates.combine(Updates.set("owner", owner), Updates.set("expires_at", date(now.plus(ttl)))),
                    new UpdateOptions().upsert(true));
            return true; // matched (free, expired or ours) or inserted (never leased)
        } catch (MongoWriteException e) {
            if (MongoWrites.isDuplicateKey(e)) {
                return false; // held by another owner: the upsert collided with its document
            }
            throw e;
        }
    }

    /**
     * Says the runner is alive until now + ttl (and forgets runners gone for longer than ttl);
     * answers how many runners are alive now, itself included.
     */
    public int heartbeat(String owner, Instant now, Duration ttl) {
        runners.updateOne(eq("_id", owner), Updates.set("expires_at", date(now.plus(ttl))),
                new UpdateOptions().upsert(true));
        runners.deleteMany(lte("expires_at", date(now.minus(ttl))));
        return (int) Math.max(1, runners.countDocuments(gt("expires_at", date(now))));
    }

    /** The runner stops: it no longer counts among the runners alive. */
    public void leave(String owner) {
        runners.deleteOne(eq("_id", owner));
    }

    /** The partitions whose lease the owner holds now, in order. */
    public List<Integer> held(String owner, Instant now) {
        List<Integer> out = new ArrayList<>();
        leases.find(and(eq("owner", owner), gt("expires_at", date(now)))).sort(Sorts.ascending("_id"))
                .forEach(d -> out.add(d.get("_id", Number.class).intValue()));
        return out;
    }

    /** Gives the lease back (when the owner stops, or holds more than its share). */
    public void release(int partition, String owner) {
        leases.deleteOne(and(eq("_id", partition), eq("owner", owner)));
    }

    /** The audience read checkpoint of a campaign's partition: the token to continue from and whether it is done. */
    public record Checkpoint(String pageToken, boolean done, long pages) {
    }

    public Checkpoint checkpoint(String campaignId, int partition) {
        Document d = checkpoints.find(eq("_id", campaignId + "|" + partition)).first();
        return d == null ? new Checkpoint("", false, 0) : new Checkpoint(d.getString("token"),
                d.getBoolean("done", false), d.get("pages", Number.class).longValue());
    }

    /** Records that the page before the token was staged (done when no page follows). */
    public void advance(String campaignId, int partition, String nextToken, Instant at) {
        checkpoints.updateOne(eq("_id", campaignId + "|" + partition), Updates.combine(
                Updates.set("campaign_id", campaignId), Updates.set("token", nextToken),
                Updates.set("done", nextToken.isEmpty()), Updates.inc("pages", 1L), Updates.set("at", date(at))),
                new UpdateOptions().upsert(true));
    }

    /**
     * Keeps a reservation batch as sent, under its idempotency key, with the persons it reserves for,
     * so that erasing one of them deletes it. False when the key is taken: another runner gave the
     * batch up meanwhile ({@link #abandon}) and has put its members back, so it must not be sent.
     */
    public boolean keepBatch(String key, byte[] request, Collection<String> persons, Instant at) {
        return MongoWrites.insertNew(batches, new Document("_id", key).append("request", new Binary(request))
                .append("persons", List.copyOf(persons)).append("at", date(at)));
    }

    /**
     * Gives up a batch that was never kept, so that it never will be: true when this call did (its
     * members may be reserved again in a new batch), false when the batch was kept or given up first.
     * A runner that finds members waiting on a batch it cannot read calls this instead of assuming
     * their runner crashed: a runner whose lease lapsed in the middle of a batch may still be about
     * to keep and send it, and exactly one of the two wins the key.
     */
    public boolean abandon(String key, Instant at) {
        return MongoWrites.insertNew(batches, new Document("_id", key).append("abandoned", true)
                .append("persons", List.of()).append("at", date(at)));
    }

    /**
     * An erasure: deletes the kept batches that reserve for any of the persons, or that hold the
     * members' batches named (a batch kept before batches named their persons). A member still
     * waiting on such a batch is reserved again in a new one, as after a crash before it was sent.
     */
    public long forgetBatches(Collection<String> persons, Collection<String> keys) {
        return batches.deleteMany(or(in("persons", List.copyOf(persons)), in("_id", List.copyOf(keys))))
                .getDeletedCount();
    }

    /** A batch as its key holds it: the request kept, or given up, or nothing (never kept, or erased). */
    public record KeptBatch(byte[] request, boolean abandoned) {
    }

    public Optional<KeptBatch> batch(String key) {
        return Optional.ofNullable(batches.find(eq("_id", key)).first()).map(d -> d.getBoolean("abandoned", false)
                ? new KeptBatch(null, true)
                : new KeptBatch(d.get("request", Binary.class).getData(), false));
    }
}
