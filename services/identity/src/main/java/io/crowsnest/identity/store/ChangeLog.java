package io.crowsnest.identity.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.types.Binary;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;

import io.crowsnest.identity.config.IdentityConfig;

/**
 * The durable feed of identity changes. Offsets are contiguous and assigned in commit order: a
 * writer inserts at the lowest offset above the last one recorded, and an insert of offset n can
 * only succeed once n-1 exists (otherwise n-1 would have been free for it). So a reader that
 * has seen offset n has seen every change before it, and can read the next ones by _id alone.
 * A TTL index on {@code at} drops changes after the retention period; the head counter stays.
 */
@ApplicationScoped
public class ChangeLog {

    private static final String HEAD = "changes";

    @Inject
    MongoDatabase database;
    @Inject
    IdentityConfig config;

    private MongoCollection<Document> changes;
    private MongoCollection<Document> counters;

    @PostConstruct
    void init() {
        changes = database.getCollection("changes");
        counters = database.getCollection("counters");
        changes.createIndex(Indexes.ascending("at"),
                new IndexOptions().expireAfter(config.changeRetention().toSeconds(), TimeUnit.SECONDS));
    }

    /** One stored change: its offset, when, and the serialised contract message. */
    public record Entry(long offset, Instant at, byte[] change) {
    }

    /** Appends a change (the contract message without its offset, which is the _id) and returns its offset. */
    public long append(Instant at, byte[] change) {
        long next = head() + 1;
        while (true) {
            if (Mongo.insertNew(changes, new Document("_id", next).append("at", Date.from(at))
                    .append("change", new Binary(change)))) {
                counters.updateOne(eq("_id", HEAD), new Document("$max", new Document("offset", next)),
                        new UpdateOptions().upsert(true));
                return next;
            }
            next++;
        }
    }

    /** The latest recorded offset (0 when nothing was ever appended). May lag the last insert briefly. */
    public long head() {
        Document head = counters.find(eq("_id", HEAD)).first();
        return head == null ? 0 : head.get("offset", Number.class).longValue();
    }

    /**
     * Changes after an offset, in offset order, at most max of them, stopping at the first offset not
     * (yet) written.
     */
    public List<Entry> after(long offset, int max) {
        List<Long> wanted = LongStream.rangeClosed(offset + 1, offset + max).boxed().toList();
        List<Entry> found = new ArrayList<>();
        for (Document doc : changes.find(in("_id", wanted))) {
            found.add(new Entry(doc.get("_id", Number.class).longValue(), doc.getDate("at").toInstant(),
                    doc.get("change", Binary.class).getData()));
        }
        found.sort(Comparator.comparingLong(Entry::offset));
        List<Entry> contiguous = new ArrayList<>();
        long expected = offset + 1;
        for (Entry entry : found) {
            if (entry.offset() != expected) {
                break;
            }
            contiguous.add(entry);
            expected++;
        }
        return contiguous;
    }

    /** The oldest retained offset, or 0 when the feed is empty. */
    public long oldest() {
        Document first = changes.find().sort(Indexes.ascending("_id")).limit(1).first();
        return first == null ? 0 : first.get("_id", Number.class).longValue();
    }
}
