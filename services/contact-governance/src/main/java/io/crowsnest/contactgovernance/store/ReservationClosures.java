package io.crowsnest.contactgovernance.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.crowsnest.contactgovernance.domain.LedgerEntry;
import io.crowsnest.contactgovernance.domain.Reservation;
import io.crowsnest.platform.mongo.MongoWrites;

/**
 * How reservations were closed, one document per closed reservation in
 * {@code reservation_closures}: its unique insert is the compare-and-set that lets exactly one
 * commit, release or void close a reservation. A commit's closure also keeps the commit's
 * idempotency key (unique among closures), its request's content hash and the ledger entry it
 * writes next, so a retry finds its answer here. The reservation documents themselves are
 * {@link ReservationStore}'s; a reservation whose document still says HELD stands as its closure.
 */
@ApplicationScoped
public class ReservationClosures {

    @Inject
    MongoDatabase database;
    @Inject
    RecordFormat<Reservation> format;
    @Inject
    RecordFormat<LedgerEntry> entries;

    private MongoCollection<Document> closures;

    @PostConstruct
    void init() {
        closures = database.getCollection("reservation_closures");
        // a commit's idempotency key is used once (only commit closures carry one)
        closures.createIndex(Indexes.ascending("commitKey"), new IndexOptions().unique(true).sparse(true));
    }

    /** What became of a commit's closure. */
    public enum Commit {
        /** This call closed the reservation as committed. */
        CLOSED,
        /** The reservation was closed before (see {@link #closure}). */
        CLOSED_BEFORE,
        /** The commit's idempotency key closed another reservation before. */
        KEY_USED
    }

    /**
     * A reservation's closure as stored: the reservation as closed and, for a commit, the contact's
     * ledger entry as the commit wrote it, the commit's idempotency key and its request's content
     * hash (null for a release or void, and for a commit stored before they were kept).
     */
    public record Closure(Reservation reservation, LedgerEntry entry, String commitKey, String commitHash) {
    }

    /**
     * Closes a reservation as released or voided; false when it was closed before (by anyone).
     */
    boolean close(Reservation closed, Document proto) {
        return MongoWrites.insertNew(closures, new Document("_id", closed.reservationId())
                .append("state", closed.state().name()).append("proto", proto));
    }

    /**
     * Commits a reservation the caller read as HELD: one insert of its closure, the compare-and-set
     * against any other commit, release or void, which also keeps the commit's idempotency key (its
     * record: a retry with the key finds it here), the request's hash and the ledger entry the commit
     * writes next. The reservation document is not updated (its closure is what it stands as): a
     * commit costs this one write before its ledger entry.
     */
    public Commit commit(Reservation committed, LedgerEntry entry, String key, String requestHash) {
        try {
            closures.insertOne(new Document("_id", committed.reservationId()).append("state", "COMMITTED")
                    .append("proto", format.document(committed)).append("entry", entries.document(entry))
                    .append("commitKey", key).append("commitHash", requestHash));
            return Commit.CLOSED;
        } catch (MongoWriteException e) {
            if (!MongoWrites.isDuplicateKey(e)) {
                throw e;
            }
            // which unique key: the reservation's closure, or the idempotency key's
            return closures.find(eq("_id", committed.reservationId())).first() != null ? Commit.CLOSED_BEFORE
                    : Commit.KEY_USED;
        }
    }

    /** The reservation's closure, if it was closed. */
    public Optional<Closure> closure(String reservationId) {
        Document doc = closures.find(eq("_id", reservationId)).first();
        if (doc == null) {
            return Optional.empty();
        }
        Document entry = doc.get("entry", Document.class);
        return Optional.of(new Closure(format.record(doc.get("proto", Document.class)),
                entry == null ? null : entries.record(entry), doc.getString("commitKey"), doc.getString("commitHash")));
    }

    /** The reservation a commit with this idempotency key closed, if any. */
    public Optional<String> committedWith(String key) {
        Document doc = closures.find(eq("commitKey", key)).first();
        return Optional.ofNullable(doc).map(d -> d.getString("_id"));
    }

    /** The closed reservations among these ids, read in one round trip, by id. */
    Map<Object, Reservation> closed(Collection<Object> reservationIds) {
        Map<Object, Reservation> closed = new HashMap<>();
        if (!reservationIds.isEmpty()) {
            for (Document closure : closures.find(in("_id", reservationIds))) {
                closed.put(closure.get("_id"), format.record(closure.get("proto", Document.class)));
            }
        }
        return closed;
    }

    /** The reservation as its closure keeps it, if it was closed (found on the primary index). */
    Optional<Reservation> closed(Object reservationId) {
        return Optional.ofNullable(closures.find(eq("_id", reservationId)).first())
                .map(doc -> format.record(doc.get("proto", Document.class)));
    }

    /** Removes a reservation's closure (the reservation is being deleted). */
    void delete(Object reservationId) {
        closures.deleteOne(eq("_id", reservationId));
    }
}
