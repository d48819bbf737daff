package io.crowsnest.contactgovernance.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.GovernanceException;
import io.crowsnest.contactgovernance.domain.ReservationLifecycle;
import io.crowsnest.contactgovernance.domain.ReservationNotFound;
import io.crowsnest.contactgovernance.store.LedgerStore;
import io.crowsnest.contactgovernance.store.ReservationStore;
import io.crowsnest.contactgovernance.v1.CommitReservationRequest;
import io.crowsnest.contactgovernance.v1.CommitReservationResponse;
import io.crowsnest.contactgovernance.v1.ContactOutcome;
import io.crowsnest.contactgovernance.v1.LedgerEntry;
import io.crowsnest.contactgovernance.v1.LedgerEntrySource;
import io.crowsnest.contactgovernance.v1.ReleaseReservationRequest;
import io.crowsnest.contactgovernance.v1.ReleaseReservationResponse;
import io.crowsnest.contactgovernance.v1.Reservation;
import io.crowsnest.contactgovernance.v1.ReservationState;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;

/**
 * A reservation after it was granted: read it, commit it (the contact was made: a ledger entry
 * counts it for good) or release it (it will not be: its capacity frees at once). Which transition
 * is allowed is {@link ReservationLifecycle}'s rule.
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
    @Inject
    Idempotency idempotency;

    /** The reservation as it stands at {@code now} (HELD past its expiry reads EXPIRED). */
    public Reservation find(String reservationId, Instant now) {
        return reservations.find(reservationId, now).orElseThrow(() -> new ReservationNotFound(reservationId));
    }

    /** CommitReservation, once per idempotency key. */
    public CommitReservationResponse commit(CommitReservationRequest request, Instant now) {
        return idempotency.once("CommitReservation", request.getIdempotencyKey(), request,
                CommitReservationResponse.parser(), () -> commitHeld(request, now));
    }

    private CommitReservationResponse commitHeld(CommitReservationRequest request, Instant now) {
        Reservation r = find(request.getReservationId(), now);
        String entryId = "le-" + r.getReservationId();
        if (ReservationLifecycle.commit(ContractMapping.snapshot(r)) == ReservationLifecycle.Step.ALREADY_DONE) {
            return CommitReservationResponse.newBuilder().setEntry(ensureEntry(r, request, now)).setAlreadyCommitted(true)
                    .build();
        }
        Instant contactedAt = request.hasContactedAt() ? Timestamps.instant(request.getContactedAt()) : now;
        if (contactedAt.isBefore(Timestamps.instant(r.getCreatedAt()))) {
            throw GovernanceException.invalid("contacted_at", "must not be before the reservation was created ("
                    + Timestamps.instant(r.getCreatedAt()) + "), got " + contactedAt);
        }
        Reservation committed = r.toBuilder().setState(ReservationState.RESERVATION_STATE_COMMITTED)
                .setClosedAt(Timestamps.of(now)).setLedgerEntryId(entryId).build();
        if (!reservations.close(committed)) {
            Reservation current = find(r.getReservationId(), now);
            if (ReservationLifecycle.commit(ContractMapping.snapshot(current))
                    == ReservationLifecycle.Step.ALREADY_DONE) {
                return CommitReservationResponse.newBuilder().setEntry(ensureEntry(current, request, now))
                        .setAlreadyCommitted(true).build();
            }
        }
        LedgerEntry entry = ensureEntry(committed, request, now);
        // The version it was granted under sets the keys' lifetime; a later version with a longer
        // lookback is caught by the next reserve, which rebuilds counters that reach back too little.
        ContactPolicy policy = governing.rules(r.getPolicy().getPolicyId(), r.getPolicy().getVersion());
        live.commit(r.getPersonId(), ReservationStore.counted(r), LedgerStore.counted(entry), policy, now);
        return CommitReservationResponse.newBuilder().setEntry(entry).build();
    }

    /** The ledger entry of a committed reservation, written now if an earlier attempt stopped short. */
    private LedgerEntry ensureEntry(Reservation r, CommitReservationRequest request, Instant now) {
        String entryId = "le-" + r.getReservationId();
        var c = r.getContact();
        LedgerEntry entry = LedgerEntry.newBuilder()
                .setEntryId(entryId)
                .setPersonId(r.getPersonId())
                .setChannel(c.getChannel())
                .setDivision(c.getDivision())
                .setCategory(c.getCategory())
                .setCampaignId(c.getCampaignId())
                .setActionId(c.getActionId())
                .setContactedAt(request.hasContactedAt() ? request.getContactedAt() : Timestamps.of(now))
                .setRecordedAt(Timestamps.of(now))
                .setSource(LedgerEntrySource.LEDGER_ENTRY_SOURCE_RESERVATION)
                .setReservationId(r.getReservationId())
                .setExternalRef(request.getExternalRef())
                .setRequestingSystem(c.getRequestingSystem())
                .setAgentId(c.getAgentId())
                .setOutcome(ContactOutcome.CONTACT_OUTCOME_PENDING)
                .setPolicy(r.getPolicy())
                .build();
        // Written first, read only when it was there already (a retry): one round trip when new.
        if (ledger.insert(entry)) {
            return entry;
        }
        return ledger.find(entryId).orElse(entry);
    }

    /** ReleaseReservation, once per idempotency key. */
    public ReleaseReservationResponse release(ReleaseReservationRequest request, Instant now) {
        return idempotency.once("ReleaseReservation", request.getIdempotencyKey(), request,
                ReleaseReservationResponse.parser(), () -> {
                    Reservation r = find(request.getReservationId(), now);
                    if (ReservationLifecycle.release(ContractMapping.snapshot(r))
                            == ReservationLifecycle.Step.NOTHING_TO_DO) {
                        return ReleaseReservationResponse.newBuilder().setReservation(r).setReleased(false).build();
                    }
                    Reservation released = r.toBuilder().setState(ReservationState.RESERVATION_STATE_RELEASED)
                            .setClosedAt(Timestamps.of(now)).setCloseReason(request.getReason()).build();
                    if (!reservations.close(released)) {
                        Reservation current = find(r.getReservationId(), now);
                        ReservationLifecycle.release(ContractMapping.snapshot(current));
                        return ReleaseReservationResponse.newBuilder().setReservation(current).setReleased(false)
                                .build();
                    }
                    live.release(r.getPersonId(), List.of(ReservationStore.counted(r)), now);
                    return ReleaseReservationResponse.newBuilder().setReservation(released).setReleased(true).build();
                });
    }
}
