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
import io.crowsnest.contactgovernance.store.ReservationStore;

/**
 * A reservation after it was granted: read it, commit it (the contact was made: a ledger entry
 * counts it for good) or release it (it will not be: its capacity frees at once). Which transition
 * is allowed is {@link ReservationLifecycle}'s rule. The adapter runs commits and releases once per
 * idempotency key.
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
    LedgerStore ledger;

    /** The reservation as it stands at {@code now} (HELD past its expiry reads EXPIRED). */
    public Reservation find(String reservationId, Instant now) {
        return reservations.find(reservationId, now).orElseThrow(() -> new ReservationNotFound(reservationId));
    }

    /** What a commit answers: the contact's ledger entry, and whether it had been committed before. */
    public record Committed(LedgerEntry entry, boolean alreadyCommitted) {
    }

    /** CommitReservation: the contact was made at {@code contactedAt} (null: now). */
    public Committed commit(String reservationId, Instant contactedAt, String externalRef, Instant now) {
        // As its document stands: a release or void whose closure is not yet copied into it is caught
        // by close() below, the compare-and-set, which then reads the reservation as it stands.
        Reservation r = reservations.findAsStored(reservationId, now)
                .orElseThrow(() -> new ReservationNotFound(reservationId));
        Instant at = contactedAt == null ? now : contactedAt;
        if (ReservationLifecycle.commit(r.snapshot()) == ReservationLifecycle.Step.ALREADY_DONE) {
            return again(r, at, externalRef, now);
        }
        if (at.isBefore(r.createdAt())) {
            throw GovernanceException.invalid("contacted_at", "must not be before the reservation was created ("
                    + r.createdAt() + "), got " + at);
        }
        Reservation committed = r.committed(now, "le-" + r.reservationId());
        if (!reservations.close(committed)) {
            Reservation current = find(r.reservationId(), now);
            if (ReservationLifecycle.commit(current.snapshot()) == ReservationLifecycle.Step.ALREADY_DONE) {
                return again(current, at, externalRef, now);
            }
        }
        LedgerEntry entry = ensureEntry(committed, at, externalRef, now);
        count(r, entry, now);
        return new Committed(entry, false);
    }

    /**
     * A commit of a reservation committed before: its ledger entry (written now if that commit
     * stopped short of it) and the counters told again (the script is idempotent), in case that
     * commit stopped before telling them — else the contact would count only as held, until the
     * reservation's expiry.
     */
    private Committed again(Reservation r, Instant at, String externalRef, Instant now) {
        LedgerEntry entry = ensureEntry(r, at, externalRef, now);
        count(r, entry, now);
        return new Committed(entry, true);
    }

    /** Tells the counters that the held reservation became the ledger entry's contact. */
    private void count(Reservation r, LedgerEntry entry, Instant now) {
        // The version it was granted under sets the keys' lifetime; a later version with a longer
        // lookback is caught by the next reserve, which rebuilds counters that reach back too little.
        ContactPolicy policy = governing.rules(r.policy().policyId(), r.policy().version());
        live.commit(entry.personId(), r.counted(), entry.counted(), policy, now);
    }

    /** The ledger entry of a committed reservation, written now if an earlier attempt stopped short. */
    private LedgerEntry ensureEntry(Reservation r, Instant contactedAt, String externalRef, Instant now) {
        String entryId = "le-" + r.reservationId();
        var c = r.contact();
        LedgerEntry entry = new LedgerEntry(entryId, r.personId(), c.channel(), c.divisionId(), c.category(),
                c.campaignId(), c.actionId(), contactedAt, now, LedgerEntry.Source.RESERVATION, r.reservationId(),
                externalRef, c.requestingSystem(), c.agentId(), false, List.of(), OutcomeProgression.Outcome.PENDING,
                List.of(), "", r.policy());
        // Written first, read only when it was there already (a retry): one round trip when new.
        if (ledger.insert(entry)) {
            return entry;
        }
        return ledger.find(entryId).orElse(entry);
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
