package io.crowsnest.contactgovernance.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.domain.GovernanceException;
import io.crowsnest.contactgovernance.domain.LedgerEntry;
import io.crowsnest.contactgovernance.domain.OutcomeProgression;
import io.crowsnest.contactgovernance.domain.Reason;
import io.crowsnest.contactgovernance.domain.Reservation;
import io.crowsnest.contactgovernance.domain.ReservationLifecycle;
import io.crowsnest.contactgovernance.store.LedgerStore;

/**
 * RecordContactOutcome: what became of a contact made (delivered, failed, responded), on its ledger
 * entry or its committed reservation, moving only forward ({@link OutcomeProgression}). The adapter
 * owns idempotency.
 */
@ApplicationScoped
public class OutcomeService {

    @Inject
    LedgerStore ledger;
    @Inject
    ReservationService reservations;

    /**
     * A checked outcome report: the contact by exactly one of its ledger entry or its reservation.
     *
     * @param ledgerEntryId null when the contact is named by its reservation
     * @param detail        null when none was given
     */
    public record Report(String ledgerEntryId, String reservationId, OutcomeProgression.Outcome outcome,
            Instant occurredAt, String source, Reason detail) {
    }

    /** The entry as it stands after the report, and whether the report changed it. */
    public record Recorded(LedgerEntry entry, boolean changed) {
    }

    public Recorded record(Report report, Instant now) {
        LedgerEntry entry = entryOf(report, now);
        if (report.occurredAt().isBefore(entry.contactedAt())) {
            throw GovernanceException.invalid("occurred_at", "must not be before the contact was made ("
                    + entry.contactedAt() + "), got " + report.occurredAt());
        }
        OutcomeProgression.Outcome current = entry.outcome();
        if (!OutcomeProgression.changes(current, report.outcome())) {
            return new Recorded(entry, false);
        }
        LedgerEntry updated = entry.withOutcome(new LedgerEntry.OutcomeRecord(report.outcome(), report.occurredAt(),
                now, report.detail(), report.source()));
        if (!ledger.updateOutcome(updated, current)) {
            throw new GovernanceException(GovernanceException.Kind.ABORTED, "OUTCOME_CHANGED",
                    "the outcome changed concurrently; retry with the same idempotency key");
        }
        return new Recorded(updated, true);
    }

    private LedgerEntry entryOf(Report report, Instant now) {
        if (report.ledgerEntryId() != null) {
            return ledger.find(report.ledgerEntryId()).orElseThrow(() -> entryNotFound(
                    "no ledger entry '" + report.ledgerEntryId() + "'"));
        }
        Reservation r = reservations.find(report.reservationId(), now);
        ReservationLifecycle.requireCommitted(r.snapshot());
        return ledger.find(r.ledgerEntryId()).orElseThrow(() -> entryNotFound(
                "the ledger entry of reservation " + r.reservationId() + " is missing"));
    }

    private static GovernanceException entryNotFound(String message) {
        return new GovernanceException(GovernanceException.Kind.NOT_FOUND, "LEDGER_ENTRY_NOT_FOUND", message);
    }
}
