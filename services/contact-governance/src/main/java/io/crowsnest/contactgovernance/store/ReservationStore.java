package io.crowsnest.contactgovernance.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.types.Binary;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.crowsnest.contactgovernance.domain.CountedContact;
import io.crowsnest.contactgovernance.domain.Reservation;
import io.crowsnest.contactgovernance.domain.ReservationLifecycle;
import io.crowsnest.platform.mongo.MongoWrites;

/**
 * Reservations, durable in MongoDB: the counters in Redis are rebuilt from the HELD ones, so
 * losing Redis neither frees nor forgets capacity. State changes are conditional updates on the
 * stored state, so two callers can never both commit, or commit and release, one reservation.
 * Each is kept as the contract's Reservation (written and read through {@link RecordFormat}) beside
 * the fields the queries use. How one was closed is kept by {@link ReservationClosures}; a
 * reservation stands as its closure when it has one.
 */
@ApplicationScoped
public class ReservationStore {

    @Inject
    MongoDatabase database;
    @Inject
    RecordFormat<Reservation> format;
    @Inject
    ReservationClosures closures;

    /** The stored state of a refused reserve, kept to answer its retries: no reservation to anyone. */
    static final String REFUSED = "REFUSED";

    private MongoCollection<Document> reservations;

    @PostConstruct
    void init() {
        reservations = database.getCollection("reservations");
        reservations.createIndex(Indexes.compoundIndex(Indexes.ascending("personId"), Indexes.ascending("state")));
        reservations.createIndex(Indexes.ascending("expireAt"), new IndexOptions().sparse(true));
    }

    /**
     * Stores a reservation before it takes capacity (so that a rebuild of the counters meanwhile
     * holds it rather than miss it), or one granted without counters (no counting rule applies to
     * it). It is HELD from here on; a grant that is refused deletes it. False when one with this id
     * exists already (a retry).
     */
    public boolean insert(Reservation reservation) {
        return MongoWrites.insertNew(reservations, document(reservation));
    }

    /**
     * What a reserve's claim of its reservation found: the reservation is the reserve's idempotency
     * record (its id derives from the key), so the claim is the reservation's own insert.
     */
    public sealed interface Claim {
    }

    /** The caller runs the reserve and must answer, refuse or abandon the reservation. */
    public record Claimed() implements Claim {
    }

    /** The same request was answered before: the answer kept for retries. */
    public record Answered(byte[] answer) implements Claim {
    }

    /** The key was used with a different request. */
    public record Reused() implements Claim {
    }

    /** The same request is running elsewhere right now. */
    public record Running() implements Claim {
    }

    /**
     * Claims a reserve's reservation before its counters step: stored HELD when it may be granted
     * (so that a rebuild of the counters meanwhile holds it rather than misses it), else as a
     * refusal in the making, which no query counts (and which expires with the retention of
     * idempotency records even if its holder stops before answering). A claim whose holder stopped
     * without an answer is taken over after {@code lease}, in the state given.
     */
    public Claim claim(Reservation reservation, boolean mayGrant, String requestHash, Instant now, Duration lease,
            Duration retention) {
        Document doc = document(reservation).append("state", mayGrant ? "HELD" : REFUSED)
                .append("requestHash", requestHash).append("claimedAt", Date.from(now));
        if (!mayGrant) {
            doc.append("expireAt", Date.from(now.plus(retention)));
        }
        if (MongoWrites.insertNew(reservations, doc)) {
            return new Claimed();
        }
        Document existing = reservations.find(eq("_id", reservation.reservationId())).first();
        if (existing == null) {
            return claim(reservation, mayGrant, requestHash, now, lease, retention);
        }
        Document taking = taken(reservation);
        if (!mayGrant) {
            taking.append("expireAt", Date.from(now.plus(retention)));
        }
        return existing(existing, requestHash, now, lease, mayGrant, taking);
    }

    /**
     * Stores a reserve decided without a counters step (no counting rule applies) with its answer,
     * HELD when granted; what was stored under the key before when it was there already.
     */
    public Claim decided(Reservation reservation, boolean granted, String requestHash, byte[] answer, Instant now,
            Duration lease, Duration retention) {
        Document doc = document(reservation).append("requestHash", requestHash).append("claimedAt", Date.from(now))
                .append("answer", new Binary(answer));
        if (!granted) {
            doc.append("state", REFUSED).append("expireAt", Date.from(now.plus(retention)));
        }
        if (MongoWrites.insertNew(reservations, doc)) {
            return new Claimed();
        }
        Document existing = reservations.find(eq("_id", reservation.reservationId())).first();
        if (existing == null) {
            return decided(reservation, granted, requestHash, answer, now, lease, retention);
        }
        Document taking = taken(reservation).append("answer", new Binary(answer));
        if (!granted) {
            taking.append("expireAt", Date.from(now.plus(retention)));
        }
        return existing(existing, requestHash, now, lease, granted, taking);
    }

    /**
     * What a claim finds when the reservation was there already: its answer, or a claim taken over
     * after the lease ({@code taking}: what the taker sets besides, e.g. its answer).
     */
    private Claim existing(Document existing, String requestHash, Instant now, Duration lease, boolean mayGrant,
            Document taking) {
        if (!requestHash.equals(existing.getString("requestHash"))) {
            // a reservation stored before reserves kept their request's hash was answered from the
            // idempotency record, which a retry finds first; anything else is another request
            return new Reused();
        }
        Binary answer = existing.get("answer", Binary.class);
        if (answer != null) {
            return new Answered(answer.getData());
        }
        boolean takenOver = reservations.updateOne(and(eq("_id", existing.get("_id")), eq("claimedAt",
                existing.getDate("claimedAt")), lt("claimedAt", Date.from(now.minus(lease)))),
                new Document("$set", new Document(taking).append("claimedAt", Date.from(now)).append("state",
                        mayGrant ? "HELD" : REFUSED))).getModifiedCount() == 1;
        return takenOver ? new Claimed() : new Running();
    }

    /**
     * What a claim taken over after the lease sets: the reservation as the taker made it (its
     * creation, expiry and contact), since nobody was answered with the first attempt's, and the
     * taker's answer carries its own expiry (its counters step holds the reservation until then).
     */
    private Document taken(Reservation reservation) {
        Document doc = document(reservation);
        doc.remove("_id");
        return doc;
    }

    /** Keeps a granted reserve's answer for its retries. */
    public void answer(String reservationId, byte[] answer) {
        reservations.updateOne(eq("_id", reservationId), new Document("$set", new Document("answer", new Binary(answer))));
    }

    /**
     * A claimed reservation the reserve may grant after all (its claim was a refusal in the making,
     * or the other way round): the state its counters step is about to be taken in.
     */
    public void reclaim(String reservationId, boolean mayGrant, Instant now, Duration retention) {
        Document set = new Document("state", mayGrant ? "HELD" : REFUSED);
        if (!mayGrant) {
            set.append("expireAt", Date.from(now.plus(retention)));
        }
        reservations.updateOne(eq("_id", reservationId), new Document("$set", set));
    }

    /**
     * A claimed reservation that was refused: kept, counted by no query, with the refusal to answer
     * its retries, until the retention of idempotency records ends.
     */
    public void refuse(String reservationId, byte[] answer, Instant now, Duration retention) {
        reservations.updateOne(eq("_id", reservationId), new Document("$set", new Document("state", REFUSED)
                .append("answer", new Binary(answer)).append("expireAt", Date.from(now.plus(retention)))));
    }

    /** Deletes the refusals whose retention ran out; returns how many. */
    public long expireRefusals(Instant now) {
        return reservations.deleteMany(and(eq("state", REFUSED), lt("expireAt", Date.from(now)))).getDeletedCount();
    }

    /** An open reservation. */
    public record Open(Reservation reservation) {
    }

    /** Reservations of the person HELD and not expired at now (what counters must hold). */
    public List<Open> open(String personId, Instant now) {
        List<Open> out = new ArrayList<>();
        for (Reservation r : current(reservations.find(and(eq("personId", personId), eq("state", "HELD"),
                gt("expiresAt", Date.from(now)))).into(new ArrayList<>()), now)) {
            if (r.state() == ReservationLifecycle.State.HELD) {
                out.add(new Open(r));
            }
        }
        return out;
    }

    /** An open reservation as the counters hold it: counted at its planned instant, until it expires. */
    public record Held(CountedContact contact, Instant expiresAt) {
    }

    /**
     * What a rebuild of the person's counters must count of their reservations, read BEFORE it reads
     * the ledger: those HELD and not expired at now, and those COMMITTED and not expired at now. A
     * commit closes its reservation before it writes the ledger entry, so a commit in flight is in
     * neither the open reservations nor the ledger; a rebuild that missed it would let the next grant
     * take its capacity a second time. The rebuild counts a committed one whose entry its ledger read
     * (made after this one) does not find as held (see LiveCounters); one whose entry it finds counts
     * once, as made.
     */
    public List<Held> held(String personId, Instant now) {
        List<Held> out = new ArrayList<>();
        for (Reservation r : current(reservations.find(and(eq("personId", personId), in("state", "HELD", "COMMITTED"),
                gt("expiresAt", Date.from(now)))).into(new ArrayList<>()), now)) {
            if (r.state() == ReservationLifecycle.State.HELD || r.state() == ReservationLifecycle.State.COMMITTED) {
                out.add(new Held(r.counted(), r.expiresAt()));
            }
        }
        return out;
    }

    /** Removes a reservation that was not granted. */
    public void delete(String reservationId) {
        reservations.deleteOne(eq("_id", reservationId));
        closures.delete(reservationId);
    }

    /**
     * The reservation as its document stands, without looking for a closure not yet copied into it:
     * for a caller that then closes it, whose {@link #close} is the compare-and-set that catches such
     * a closure (one round trip instead of two).
     */
    public Optional<Reservation> findAsStored(String reservationId, Instant now) {
        Document doc = reservations.find(eq("_id", reservationId)).first();
        return Optional.ofNullable(doc).filter(d -> !REFUSED.equals(d.getString("state"))).map(d -> read(d, now));
    }

    /** The reservation as stored; a HELD one past its expiry is reported EXPIRED. */
    public Optional<Reservation> find(String reservationId, Instant now) {
        Document doc = reservations.find(eq("_id", reservationId)).first();
        return Optional.ofNullable(doc).filter(d -> !REFUSED.equals(d.getString("state"))).map(d -> current(d, now));
    }

    /**
     * Releases or voids a reservation the caller read as HELD and unexpired at now; false when it
     * was closed meanwhile. The unique closure document is the compare-and-set (a filter on _id
     * alone stays on the primary index on every MongoDB server, including the local one); the
     * reservation document follows it, so that the person's open reservations are found without
     * reading its closure. (A commit, the hot path, writes its closure only: {@link ReservationClosures#commit}.)
     */
    public boolean close(Reservation closed) {
        Document proto = format.document(closed);
        String state = closed.state().name();
        if (!closures.close(closed, proto)) {
            return false;
        }
        reservations.updateOne(eq("_id", closed.reservationId()),
                new Document("$set", new Document("state", state).append("proto", proto)));
        return true;
    }

    /**
     * The reservations as they stand, their closures read in one round trip for the documents that
     * still say HELD (a commit leaves its reservation's document as it was granted).
     */
    private List<Reservation> current(List<Document> docs, Instant now) {
        Map<Object, Reservation> closed = closures.closed(docs.stream()
                .filter(d -> "HELD".equals(d.getString("state"))).map(d -> d.get("_id")).toList());
        List<Reservation> out = new ArrayList<>(docs.size());
        for (Document doc : docs) {
            Reservation closure = closed.get(doc.get("_id"));
            out.add(closure != null ? closure : read(doc, now));
        }
        return out;
    }

    /** The reservation as it stands: its closure wins over a document not yet updated after it. */
    private Reservation current(Document doc, Instant now) {
        if ("HELD".equals(doc.getString("state"))) {
            Optional<Reservation> closed = closures.closed(doc.get("_id"));
            if (closed.isPresent()) {
                return closed.get();
            }
        }
        return read(doc, now);
    }

    private Document document(Reservation r) {
        return new Document("_id", r.reservationId())
                .append("personId", r.personId())
                .append("state", r.state().name())
                .append("expiresAt", Date.from(r.expiresAt()))
                .append("createdAt", Date.from(r.createdAt()))
                .append("proto", format.document(r));
    }

    private Reservation read(Document doc, Instant now) {
        Reservation r = format.record(doc.get("proto", Document.class));
        if (r.state() == ReservationLifecycle.State.HELD && !r.expiresAt().isAfter(now)) {
            return r.closed(ReservationLifecycle.State.EXPIRED, r.expiresAt(), r.closeReason());
        }
        return r;
    }

    /** Moves the person's HELD reservations to another person; returns the moved ones as they are now. */
    public List<Reservation> reassignHeld(String fromPerson, String toPerson, Instant now) {
        List<Reservation> moved = new ArrayList<>();
        for (Open open : open(fromPerson, now)) {
            Reservation r = open.reservation();
            Reservation updated = r.movedTo(toPerson);
            if (reservations.updateOne(and(eq("_id", r.reservationId()), eq("state", "HELD")),
                    new Document("$set",
                    new Document("personId", toPerson).append("proto", format.document(updated))))
                    .getModifiedCount() == 1) {
                moved.add(updated);
            }
        }
        return moved;
    }

    /** Erases every reservation of the person; returns how many. */
    public long deleteAll(String personId) {
        for (Document doc : reservations.find(eq("personId", personId))) {
            closures.delete(doc.get("_id"));
        }
        return reservations.deleteMany(eq("personId", personId)).getDeletedCount();
    }

    /** True when the person has any reservation. */
    public boolean any(String personId) {
        return reservations.find(eq("personId", personId)).first() != null;
    }
}
