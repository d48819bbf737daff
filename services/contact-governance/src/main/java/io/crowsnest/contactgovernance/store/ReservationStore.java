package io.crowsnest.contactgovernance.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;

import io.crowsnest.contactgovernance.v1.Reservation;
import io.crowsnest.contactgovernance.v1.ReservationState;

/**
 * Reservations, durable in MongoDB: the counters in Redis are rebuilt from the HELD ones, so
 * losing Redis neither frees nor forgets capacity. State changes are conditional updates on the
 * stored state, so two callers can never both commit, or commit and release, one reservation.
 */
@ApplicationScoped
public class ReservationStore {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> reservations;

    @PostConstruct
    void init() {
        reservations = database.getCollection("reservations");
        reservations.createIndex(Indexes.compoundIndex(Indexes.ascending("personId"), Indexes.ascending("state")));
    }

    /**
     * Stores a reservation that is about to take capacity, as PENDING: a rebuild of the counters
     * meanwhile holds it briefly rather than miss it. False when one with this id exists already.
     */
    public boolean insertPending(Reservation reservation) {
        return ProtoDocs.insertNew(reservations, document(reservation).append("state", "PENDING"));
    }

    /** Stores a reservation granted without counters (no counting rule applies to it). */
    public boolean insert(Reservation reservation) {
        return ProtoDocs.insertNew(reservations, document(reservation));
    }

    /** The capacity was taken: PENDING becomes HELD. False when it was voided meanwhile. */
    public boolean confirm(String reservationId) {
        return reservations.updateOne(and(eq("_id", reservationId), eq("state", "PENDING")),
                new Document("$set", new Document("state", "HELD"))).getModifiedCount() == 1;
    }

    /** An open reservation and whether its capacity grant is still in flight. */
    public record Open(Reservation reservation, boolean pending) {
    }

    /** Reservations of the person HELD or PENDING and not expired at now (what counters must hold). */
    public List<Open> open(String personId, Instant now) {
        List<Open> out = new ArrayList<>();
        for (Document doc : reservations.find(and(eq("personId", personId), in("state", List.of("HELD", "PENDING")),
                gt("expiresAt", Date.from(now))))) {
            out.add(new Open(read(doc, now), "PENDING".equals(doc.getString("state"))));
        }
        return out;
    }

    /** Removes a reservation that was not granted. */
    public void delete(String reservationId) {
        reservations.deleteOne(eq("_id", reservationId));
    }

    /** The reservation as stored; a HELD one past its expiry is reported EXPIRED. */
    public Optional<Reservation> find(String reservationId, Instant now) {
        Document doc = reservations.find(eq("_id", reservationId)).first();
        return Optional.ofNullable(doc).map(d -> read(d, now));
    }

    /**
     * Moves a HELD, unexpired reservation to its next state; false when it was no longer HELD (or
     * had expired) at that moment.
     */
    public boolean close(Reservation closed, Instant now) {
        return reservations.updateOne(
                and(eq("_id", closed.getReservationId()), in("state", List.of("HELD", "PENDING")),
                        gt("expiresAt", Date.from(now))),
                new Document("$set", new Document("state", shortState(closed.getState()))
                        .append("proto", ProtoDocs.toDocument(closed))))
                .getModifiedCount() == 1;
    }

    private static Document document(Reservation r) {
        return new Document("_id", r.getReservationId())
                .append("personId", r.getPersonId())
                .append("state", shortState(r.getState()))
                .append("expiresAt", Date.from(Timestamps.instant(r.getExpiresAt())))
                .append("createdAt", Date.from(Timestamps.instant(r.getCreatedAt())))
                .append("proto", ProtoDocs.toDocument(r));
    }

    private static Reservation read(Document doc, Instant now) {
        Reservation r = ProtoDocs.fromDocument(doc.get("proto", Document.class), Reservation.newBuilder());
        if (r.getState() == ReservationState.RESERVATION_STATE_HELD
                && !Timestamps.instant(r.getExpiresAt()).isAfter(now)) {
            return r.toBuilder().setState(ReservationState.RESERVATION_STATE_EXPIRED)
                    .setClosedAt(r.getExpiresAt()).build();
        }
        return r;
    }

    static String shortState(ReservationState state) {
        return state.name().substring("RESERVATION_STATE_".length());
    }

    /** Moves the person's HELD reservations to another person; returns the moved ones as they are now. */
    public List<Reservation> reassignHeld(String fromPerson, String toPerson, Instant now) {
        List<Reservation> moved = new ArrayList<>();
        for (Open open : open(fromPerson, now)) {
            Reservation r = open.reservation();
            Reservation updated = r.toBuilder().setPersonId(toPerson)
                    .setContact(r.getContact().toBuilder().setPerson(
                            io.crowsnest.common.v1.PersonRef.newBuilder().setPersonId(toPerson)))
                    .build();
            if (reservations.updateOne(and(eq("_id", r.getReservationId()), in("state", List.of("HELD", "PENDING"))),
                    new Document("$set",
                    new Document("personId", toPerson).append("proto", ProtoDocs.toDocument(updated))))
                    .getModifiedCount() == 1) {
                moved.add(updated);
            }
        }
        return moved;
    }

    /** Erases every reservation of the person; returns how many. */
    public long deleteAll(String personId) {
        return reservations.deleteMany(eq("personId", personId)).getDeletedCount();
    }

    /** True when the person has any reservation. */
    public boolean any(String personId) {
        return reservations.find(eq("personId", personId)).first() != null;
    }
}
