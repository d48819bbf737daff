package io.crowsnest.contactgovernance.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.domain.GovernanceException;
import io.crowsnest.contactgovernance.domain.OutcomeProgression;
import io.crowsnest.contactgovernance.domain.ReservationLifecycle;
import io.crowsnest.contactgovernance.store.LedgerStore;
import io.crowsnest.contactgovernance.v1.ContactOutcome;
import io.crowsnest.contactgovernance.v1.LedgerEntry;
import io.crowsnest.contactgovernance.v1.OutcomeRecord;
import io.crowsnest.contactgovernance.v1.RecordContactOutcomeRequest;
import io.crowsnest.contactgovernance.v1.RecordContactOutcomeResponse;
import io.crowsnest.contactgovernance.v1.Reservation;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;

/**
 * RecordContactOutcome: what became of a contact made (delivered, failed, responded), on its ledger
 * entry or its committed reservation, moving only forward ({@link OutcomeProgression}).
 */
@ApplicationScoped
public class OutcomeService {

    @Inject
    LedgerStore ledger;
    @Inject
    ReservationService reservations;
    @Inject
    Idempotency idempotency;

    /** Records a checked outcome, once per idempotency key. */
    public RecordContactOutcomeResponse record(RecordContactOutcomeRequest request, Instant now) {
        return idempotency.once("RecordContactOutcome", request.getIdempotencyKey(), request,
                RecordContactOutcomeResponse.parser(), () -> {
                    LedgerEntry entry = entryOf(request, now);
                    Instant occurred = Timestamps.instant(request.getOccurredAt());
                    if (occurred.isBefore(Timestamps.instant(entry.getContactedAt()))) {
                        throw GovernanceException.invalid("occurred_at", "must not be before the contact was made ("
                                + Timestamps.instant(entry.getContactedAt()) + "), got " + occurred);
                    }
                    ContactOutcome current = entry.getOutcome();
                    ContactOutcome outcome = request.getOutcome();
                    if (!OutcomeProgression.changes(ContractMapping.outcome(current),
                            ContractMapping.outcome(outcome))) {
                        return RecordContactOutcomeResponse.newBuilder().setEntry(entry).setChanged(false).build();
                    }
                    OutcomeRecord.Builder record = OutcomeRecord.newBuilder().setOutcome(outcome)
                            .setOccurredAt(request.getOccurredAt()).setRecordedAt(Timestamps.of(now))
                            .setSource(request.getSource());
                    if (request.hasDetail()) {
                        record.setDetail(request.getDetail());
                    }
                    LedgerEntry updated = entry.toBuilder().setOutcome(outcome).addOutcomeHistory(record).build();
                    if (!ledger.updateOutcome(updated, current)) {
                        throw new GovernanceException(GovernanceException.Kind.ABORTED, "OUTCOME_CHANGED",
                                "the outcome changed concurrently; retry with the same idempotency key");
                    }
                    return RecordContactOutcomeResponse.newBuilder().setEntry(updated).setChanged(true).build();
                });
    }

    private LedgerEntry entryOf(RecordContactOutcomeRequest request, Instant now) {
        if (request.hasLedgerEntryId()) {
            return ledger.find(request.getLedgerEntryId()).orElseThrow(() -> entryNotFound(
                    "no ledger entry '" + request.getLedgerEntryId() + "'"));
        }
        Reservation r = reservations.find(request.getReservationId(), now);
        ReservationLifecycle.requireCommitted(ContractMapping.snapshot(r));
        return ledger.find(r.getLedgerEntryId()).orElseThrow(() -> entryNotFound(
                "the ledger entry of reservation " + r.getReservationId() + " is missing"));
    }

    private static GovernanceException entryNotFound(String message) {
        return new GovernanceException(GovernanceException.Kind.NOT_FOUND, "LEDGER_ENTRY_NOT_FOUND", message);
    }
}
