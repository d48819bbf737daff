package io.crowsnest.platform.feed;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.or;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.LongStream;

import org.bson.Document;
import org.bson.types.Binary;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;

/**
 * A durable, ordered feed in one MongoDB collection, for the streams services serve over gRPC
 * (identity changes, segment transitions…). Offsets are contiguous and assigned in commit order:
 * a writer inserts at the lowest offset above the recorded head, and an insert of offset n can
 * only succeed once n-1 exists (otherwise n-1 would have been free for it). So a reader that has
 * seen offset n has seen every entry before it, and reads the next ones by _id alone. A TTL index
 * on {@code at} drops entries after the retention on MongoDB (mongo-java-server keeps them); the
 * head counter stays in {@code feed_heads}. An entry may name the persons it concerns
 * ({@code persons}), so that an erasure finds the entries to rewrite ({@link #about}, {@link #replace}).
 */
public final class Feed {

    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> heads;
    private final String name;
    private final ReentrantLock appending = new ReentrantLock();
    private long next;

    /** One stored entry: its offset, when it was appended, and its payload (a serialised message). */
    public record Entry(long offset, Instant at, byte[] payload) {
    }

    public Feed(MongoDatabase database, String collection, Duration retention) {
        this.name = collection;
        this.entries = database.getCollection(collection);
        this.heads = database.getCollection("feed_heads");
        entries.createIndex(Indexes.ascending("at"),
                new IndexOptions().expireAfter(retention.toSeconds(), TimeUnit.SECONDS));
        entries.createIndex(Indexes.ascending("persons"));
    }

    /**
     * Appends an entry and returns its offset. Appends of one process take turns and remember the
     * next offset, so they never collide with each other (each collision costs a round trip, and
     * concurrent writers all starting from the same head made appends quadratic); a collision with
     * another replica's append moves on past the recorded head.
     */
    public long append(Instant at, byte[] payload) {
        return append(at, payload, null);
    }

    /** Appends an entry naming the persons it concerns (null: none named); returns its offset. */
    public long append(Instant at, byte[] payload, Collection<String> persons) {
        long offset;
        appending.lock();
        try {
            if (next == 0) {
                next = head() + 1;
            }
            while (true) {
                try {
                    Document entry = new Document("_id", next).append("at", Date.from(at))
                            .append("payload", new Binary(payload));
                    if (persons != null) {
                        entry.append("persons", List.copyOf(persons));
                    }
                    entries.insertOne(entry);
                    offset = next++;
                    break;
                } catch (MongoWriteException e) {
                    if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                        throw e;
                    }
                    next = Math.max(next + 1, head() + 1);
                }
            }
        } finally {
            appending.unlock();
        }
        heads.updateOne(eq("_id", name), new Document("$max", new Document("offset", offset)),
                new UpdateOptions().upsert(true));
        return offset;
    }

    /** The latest recorded offset (0 when nothing was ever appended); may lag the last insert briefly. */
    public long head() {
        Document head = heads.find(eq("_id", name)).first();
        return head == null ? 0 : head.get("offset", Number.class).longValue();
    }

    /** Entries after an offset, in order, at most max, stopping at the first offset not (yet) written. */
    public List<Entry> after(long offset, int max) {
        List<Long> wanted = LongStream.rangeClosed(offset + 1, offset + max).boxed().toList();
        List<Entry> found = new ArrayList<>();
        for (Document doc : entries.find(in("_id", wanted))) {
            found.add(new Entry(doc.get("_id", Number.class).longValue(), doc.getDate("at").toInstant(),
                    doc.get("payload", Binary.class).getData()));
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

    /**
     * The entries naming any of these persons, and those naming nobody (appended without persons:
     * only their payload tells whom they concern), in offset order.
     */
    public List<Entry> about(Collection<String> persons) {
        List<Entry> found = new ArrayList<>();
        for (Document doc : entries.find(or(in("persons", persons), exists("persons", false)))
                .sort(Indexes.ascending("_id"))) {
            found.add(new Entry(doc.get("_id", Number.class).longValue(), doc.getDate("at").toInstant(),
                    doc.get("payload", Binary.class).getData()));
        }
        return found;
    }

    /** Replaces an entry's payload and the persons it names, keeping its offset and time. */
    public void replace(long offset, byte[] payload, Collection<String> persons) {
        entries.updateOne(eq("_id", offset), new Document("$set", new Document("payload", new Binary(payload))
                .append("persons", List.copyOf(persons))));
    }

    /** The oldest retained offset, or 0 when the feed holds nothing. */
    public long oldest() {
        Document first = entries.find().sort(Indexes.ascending("_id")).limit(1).first();
        return first == null ? 0 : first.get("_id", Number.class).longValue();
    }

    /**
     * Where a consumer asking to resume after an offset starts: the offset itself, or the entry
     * before the oldest retained one for 0; -1 when entries it has not seen are gone (expired).
     */
    public long resumeAfter(long offset) {
        long head = head();
        long oldest = oldest();
        if (offset >= head || (oldest > 0 && offset >= oldest - 1)) {
            return offset;
        }
        if (offset == 0 && oldest > 0) {
            return oldest - 1;
        }
        return -1;
    }
}
