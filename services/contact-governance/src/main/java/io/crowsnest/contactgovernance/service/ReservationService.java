package io.crowsnest.contactgovernance.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.GovernanceException;
import io.crowsnest.contactgovernance.domain.LedgerEntry;
import io.crowsnest.contactgovernance.domain.OutcomeProgression;
import io.crowsnest.contactgovernance.domain.Reason;
import io.crowsnest.contactgovernance.domain.Reservation;
import io.crowsnest.contactgovernance.domain.ReservationLifecycle;
import io.crowsnest.contactgovernance.domain.ReservationNotFound;
import io.crowsnest.contactgovernance.store.LedgerStore;
import io.crowsnest.contactgovernance.store.ReservationClosures;
import io.crowsnest.contactgovernance.store.ReservationStore;

/**
 * A reservation after it was granted: read it, commit it (the contact was made: a ledger entry
 * counts it for good) or release it (it will not be: its capacity frees at once). Which transition
 * is allowed is {@link ReservationLifecycle}'s rule. A commit runs once per idempotency key through
 * the reservation's closure; the adapter runs releases once per key through an idempotency record.
 */
@ApplicationScoped
public class ReservationService {

    @Inject
    GoverningPolicy governing;
    @Inject
    LiveCounters live;
    @Inject
    ReservationStore reservations;
    @Inject
    ReservationClosures closures;
    @Inject
    LedgerStore ledger;

    /** The reservation as it stands at {@code now} (HELD past its expiry reads EXPIRED). */
    public Reservation find(String reservationId, Instant now) {
        return reservations.find(reservationId, now).orElseThrow(() -> new ReservationNotFound(reservationId));
    }

    /** What a commit answers: the contact's ledger entry, and whether it had been committed before. */
    public record Committed(LedgerEntry entry, boolean alreadyCommitted) {
    }

    /**
     * CommitReservation: the contact was made at {@code contactedAt} (null: now). Runs once per
     * idempotency key without a record of its own: the reservation's closure keeps the key, the
     * request's hash and the ledger entry, so a retry with the key answers that entry again (written
     * and counted now if the first attempt stopped short), and the key cannot commit another
     * reservation. MongoDB: the reservation read, its closure, the ledger entry.
     */
    public Committed commit(String reservationId, Instant contactedAt, String externalRef, String key,
            String requestHash, Instant now) {
        // As its document stands: a commit leaves it HELD and a release or void may not have copied
        // its closure into it yet; the closure's insert below is the compare-and-set that finds them.
        Reservation r = reservations.findAsStored(reservationId, now)
                .orElseThrow(() -> new ReservationNotFound(reservationId));
        Instant at = contactedAt == null ? now : contactedAt;
        // HELD and unexpired as stored; else its closure (a committed one's document may still say
        // HELD, expired by now) or, without one, the document decides
        if (r.state() == ReservationLifecycle.State.HELD) {
            if (at.isBefore(r.createdAt())) {
                throw GovernanceException.invalid("contacted_at", "must not be before the reservation was created ("
                        + r.createdAt() + "), got " + at);
            }
            Reservation committed = r.committed(now, "le-" + r.reservationId());
            LedgerEntry entry = entry(committed, at, externalRef, now);
            switch (closures.commit(committed, entry, key, requestHash)) {
                case CLOSED -> {
                    ensureEntry(entry);
                    count(r, entry, now);
                    return new Committed(entry, false);
                }
                case KEY_USED -> throw keyReused(key);
                case CLOSED_BEFORE -> {
                    // closed meanwhile, or before: as its closure says, below
                }
            }
        }
        ReservationClosures.Closure closure = closures.closure(reservationId)
                .orElse(new ReservationClosures.Closure(r, null, null, null));
        Reservation current = closure.reservation();
        ReservationLifecycle.commit(current.snapshot());
        if (key.equals(closure.commitKey())) {
            if (!requestHash.equals(closure.commitHash())) {
                throw keyReused(key);
            }
            // a retry of the commit that closed it: its answer again
            return new Committed(again(current, closure.entry(), at, externalRef, now), false);
        }
        if (closures.committedWith(key).isPresent()) {
            throw keyReused(key);
        }
        return new Committed(again(current, closure.entry(), at, externalRef, now), true);
    }

    private static GovernanceException keyReused(String key) {
        return new GovernanceException(GovernanceException.Kind.ALREADY_EXISTS, "IDEMPOTENCY_KEY_REUSED",
                "idempotency_key '" + key + "' was already used with a different CommitReservation request");
    }

    /**
     * The ledger entry of a reservation committed before, written now if that commit stopped short
     * of it, and the counters told again (the script is idempotent), in case that commit stopped
     * before telling them — else the contact would count only as held, until the reservation's
     * expiry. {@code stored}: the entry its closure kept (null for a commit stored before closures
     * kept it: the entry is then made from this request).
     */
    private LedgerEntry again(Reservation r, LedgerEntry stored, Instant at, String externalRef, Instant now) {
        LedgerEntry entry = ensureEntry(stored != null ? stored : entry(r, at, externalRef, now));
        count(r, entry, now);
        return entry;
    }

    /** Tells the counters that the held reservation became the ledger entry's contact. */
    private void count(Reservation r, LedgerEntry entry, Instant now) {
        // The version it was granted under sets the keys' lifetime; a later version with a longer
        // lookback is caught by the next reserve, which rebuilds counters that reach back too little.
        ContactPolicy policy = governing.rules(r.policy().policyId(), r.policy().version());
        live.commit(entry.personId(), r.counted(), entry.counted(), policy, now);
    }

    /** The ledger entry a commit of the reservation writes. */
    private static LedgerEntry entry(Reservation r, Instant contactedAt, String externalRef, Instant now) {
        var c = r.contact();
        return new LedgerEntry("le-" + r.reservationId(), r.personId(), c.channel(), c.divisionId(), c.category(),
                c.campaignId(), c.actionId(), contactedAt, now, LedgerEntry.Source.RESERVATION, r.reservationId(),
                externalRef, c.requestingSystem(), c.agentId(), false, List.of(), OutcomeProgression.Outcome.PENDING,
                List.of(), "", r.policy());
    }

    /** The entry as the ledger holds it, written now if it was not there yet. */
    private LedgerEntry ensureEntry(LedgerEntry entry) {
        // Written first, read only when it was there already (a retry): one round trip when new.
        if (ledger.insert(entry)) {
            return entry;
        }
        return ledger.find(entry.entryId()).orElse(entry);
    }

    /** What a release answers: the reservation as it stands, and whether this call released it. */
    public record Released(Reservation reservation, boolean released) {
    }

    /** ReleaseReservation: the contact will not be made, for {@code reason}. */
    public Released release(String reservationId, Reason reason, Instant now) {
        Reservation r = find(reservationId, now);
        if (ReservationLifecycle.release(r.snapshot()) == ReservationLifecycle.Step.NOTHING_TO_DO) {
            return new Released(r, false);
        }
        Reservation released = r.closed(ReservationLifecycle.State.RELEASED, now, reason);
        if (!reservations.close(released)) {
            Reservation current = find(r.reservationId(), now);
            ReservationLifecycle.release(current.snapshot());
            return new Released(current, false);
        }
        live.release(r.personId(), List.of(r.counted()), now);
        return new Released(released, true);
    }
}
