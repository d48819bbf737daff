package io.crowsnest.profile.store;

import io.crowsnest.platform.mongo.MongoWrites;
import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lte;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;

/**
 * The outbox to scoring, one entry per accepted event (_id = event id), written first: it is the
 * commit point of RecordEvent. Until the event is applied to the profile the entry also holds the
 * whole event, so that a writer dying half-way is completed by the recovery sweep; once applied it
 * holds only the ObserveEvent request to deliver, and it is deleted when scoring acknowledged it.
 *
 * <p>A person whose attributes changed has one more entry (_id = {attributes: person id}, a
 * document, so that it never equals an event id): it holds no snapshot, only a sequence bumped
 * before every change is written, and is delivered as the person's attributes read at delivery
 * time. It is deleted only while its sequence is still the one delivered, so a change written
 * during a delivery is delivered again.
 *
 * <p>{@code dueAt} says when an entry may next be worked on: claiming an entry pushes it one lease
 * ahead, so that of several replicas exactly one works on it until the lease runs out. A new entry
 * starts out owned by its writer for one lease: it hands the entry to its own forwarder in memory,
 * so the usual delivery needs no claim (on mongo-java-server a claim scans the collection).
 */
@ApplicationScoped
public class OutboxStore {

    @Inject
    MongoDatabase database;
    @Inject
    EventFormat format;

    private MongoCollection<Document> outbox;

    @PostConstruct
    void init() {
        outbox = database.getCollection("outbox");
        outbox.createIndex(Indexes.ascending("applied", "dueAt"));
        outbox.createIndex(Indexes.ascending("origin"));
    }

    /**
     * Entries not acknowledged by scoring yet (events and attribute pushes), from the collection's
     * metadata: cheap to read on every metrics scrape, exact after a clean shutdown.
     */
    public long pending() {
        return outbox.estimatedDocumentCount();
    }

    /**
     * One entry.
     *
     * @param hash      fingerprint of the RecordEvent request
     * @param event     the event to apply, while not applied yet; null after
     * @param observe   the serialised ObserveEventRequest for scoring
     * @param attempts  failed deliveries so far
     * @param attributesOf for an attributes entry, the person whose attributes to push (eventId and
     *                  observe are then null); null for an event
     * @param sequence  for an attributes entry, the changes noted so far
     */
    public record Entry(String eventId, String origin, String hash, Instant createdAt, boolean applied,
            StoredEvent event, byte[] observe, int attempts, String attributesOf, long sequence) {
    }

    /** Writes the entry of a new event, to be applied by recoverAt at the latest; false when it exists. */
    public boolean insertNew(StoredEvent event, byte[] observe, Instant now, Instant recoverAt) {
        return MongoWrites.insertNew(outbox, newEntry(event, observe, now, recoverAt));
    }

    private static Document newEntry(StoredEvent event, byte[] observe, Instant now, Instant recoverAt) {
        return new Document("_id", event.eventId()).append("origin", event.origin()).append("hash", event.hash())
                .append("createdAt", Mongo.date(now)).append("applied", false).append("dueAt", Mongo.date(recoverAt))
                .append("attempts", 0).append("event", event.document()).append("observe", new Binary(observe));
    }

    /** An event to write to the outbox with {@link #insertAllNew}. */
    public record NewEntry(StoredEvent event, byte[] observe) {
    }

    /**
     * Writes the entries of new events in one round trip, each to be applied by recoverAt at the
     * latest; per entry in order, false when it exists.
     */
    public boolean[] insertAllNew(List<NewEntry> entries, Instant now, Instant recoverAt) {
        return MongoWrites.insertAllNew(outbox, entries.stream().map(e -> newEntry(e.event(), e.observe(), now,
                recoverAt)).toList());
    }

    /**
     * Notes that a person's attributes are about to change, before the change is written: creates
     * the person's attributes entry or bumps its sequence, and makes it due one lease ahead (its
     * writer hands it to its own forwarder once the change is written; if the writer dies, any
     * replica delivers it after the lease). Returns the sequence.
     */
    public long attributesChanging(String personId, Instant now, Duration lease) {
        Document entry = outbox.findOneAndUpdate(eq("_id", attributesId(personId)),
                new Document("$setOnInsert", new Document("origin", personId).append("attributesOf", personId)
                        .append("createdAt", Mongo.date(now)).append("applied", true).append("attempts", 0))
                        .append("$set", new Document("dueAt", Mongo.date(now.plus(lease))))
                        .append("$inc", new Document("sequence", 1L)),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return ((Number) entry.get("sequence")).longValue();
    }

    /** Deletes a person's attributes entry unless a change was noted after the sequence delivered. */
    public void deleteAttributes(String personId, long sequence) {
        outbox.deleteOne(and(eq("_id", attributesId(personId)), eq("sequence", sequence)));
    }

    /** Puts a person's attributes entry back for a later attempt (see retryAt). */
    public void retryAttributesAt(String personId, String token, Instant due) {
        retry(attributesId(personId), token, due);
    }

    private static Document attributesId(String personId) {
        return new Document("attributes", personId);
    }

    /** The event entries among the ids, by id. */
    public Map<String, Entry> findAll(Collection<String> eventIds) {
        Map<String, Entry> found = new HashMap<>();
        outbox.find(in("_id", eventIds)).forEach(d -> found.put(d.getString("_id"), entry(d)));
        return found;
    }

    public Optional<Entry> find(String eventId) {
        return Optional.ofNullable(outbox.find(eq("_id", eventId)).first()).map(this::entry);
    }

    /**
     * The event is in the profile: the entry no longer needs the event and is due for delivery at
     * {@code due} (now, or one lease ahead when its writer delivers it itself first).
     */
    public void markApplied(String eventId, Instant due) {
        outbox.updateOne(eq("_id", eventId), new Document("$set", new Document("applied", true)
                .append("dueAt", Mongo.date(due))).append("$unset", new Document("event", "")));
    }

    /** {@link #markApplied} for several events in one round trip. */
    public void markAllApplied(Collection<String> eventIds, Instant due) {
        outbox.updateMany(in("_id", eventIds), new Document("$set", new Document("applied", true)
                .append("dueAt", Mongo.date(due))).append("$unset", new Document("event", "")));
    }

    /** Deletes the entries of the events. */
    public void deleteAll(Collection<String> eventIds) {
        outbox.deleteMany(in("_id", eventIds));
    }

    /**
     * Claims up to {@code limit} of the most overdue applied entries for delivery, most overdue
     * first. Each entry is claimed on its own: one another claimer took between the look and the
     * claim is no longer due and stays its.
     */
    public List<Entry> claimDeliverable(Instant now, String token, Duration lease, int limit) {
        Bson due = and(eq("applied", true), lte("dueAt", Mongo.date(now)));
        List<Object> ids = outbox.find(due).sort(Sorts.ascending("dueAt")).limit(limit)
                .projection(Projections.include("_id")).map(doc -> doc.get("_id")).into(new ArrayList<>());
        if (ids.isEmpty()) {
            return List.of();
        }
        outbox.updateMany(and(in("_id", ids), due), new Document("$set",
                new Document("dueAt", Mongo.date(now.plus(lease))).append("leaseBy", token)));
        Map<Object, Entry> claimed = new HashMap<>();
        for (Document doc : outbox.find(and(in("_id", ids), eq("leaseBy", token)))) {
            claimed.put(doc.get("_id"), entry(doc));
        }
        return ids.stream().filter(claimed::containsKey).map(claimed::get).toList();
    }

    /** Claims an entry whose writer did not apply its event in time, for recovery. */
    public Optional<Entry> claimUnapplied(Instant now, String token, Duration lease) {
        return claim(false, now, token, lease);
    }

    private Optional<Entry> claim(boolean applied, Instant now, String token, Duration lease) {
        Document claimed = outbox.findOneAndUpdate(and(eq("applied", applied), lte("dueAt", Mongo.date(now))),
                new Document("$set", new Document("dueAt", Mongo.date(now.plus(lease))).append("leaseBy", token)),
                new FindOneAndUpdateOptions().sort(Sorts.ascending("dueAt")).returnDocument(ReturnDocument.AFTER));
        return Optional.ofNullable(claimed).map(this::entry);
    }

    /**
     * Puts an entry back for a later attempt: a claimed one unless another claimer took it over
     * meanwhile, one its writer was delivering (token null) by id alone.
     */
    public void retryAt(String eventId, String token, Instant due) {
        retry(eventId, token, due);
    }

    /** Gives claimed entries back undelivered (no attempt counted), due again at {@code due}. */
    public void release(Collection<String> eventIds, Collection<String> attributesOf, String token, Instant due) {
        List<Object> ids = new ArrayList<>(eventIds);
        attributesOf.forEach(personId -> ids.add(attributesId(personId)));
        if (!ids.isEmpty()) {
            outbox.updateMany(and(in("_id", ids), eq("leaseBy", token)),
                    new Document("$set", new Document("dueAt", Mongo.date(due))));
        }
    }

    private void retry(Object id, String token, Instant due) {
        outbox.updateOne(token == null ? eq("_id", id) : and(eq("_id", id), eq("leaseBy", token)),
                new Document("$set", new Document("dueAt", Mongo.date(due))).append("$inc",
                        new Document("attempts", 1)));
    }

    public void delete(String eventId) {
        outbox.deleteOne(eq("_id", eventId));
    }

    public long deleteByOrigins(Collection<String> origins) {
        return outbox.deleteMany(in("origin", origins)).getDeletedCount();
    }

    private Entry entry(Document doc) {
        if (doc.get("_id") instanceof Document) {
            return new Entry(null, doc.getString("origin"), null, Mongo.instant(doc.getDate("createdAt")), true, null,
                    null, doc.getInteger("attempts", 0), doc.getString("attributesOf"),
                    ((Number) doc.get("sequence")).longValue());
        }
        Document event = doc.get("event", Document.class);
        return new Entry(doc.getString("_id"), doc.getString("origin"), doc.getString("hash"),
                Mongo.instant(doc.getDate("createdAt")),
                doc.getBoolean("applied", false), event == null ? null : StoredEvent.of(event, format),
                doc.get("observe", Binary.class).getData(), doc.getInteger("attempts", 0), null, 0);
    }
}
