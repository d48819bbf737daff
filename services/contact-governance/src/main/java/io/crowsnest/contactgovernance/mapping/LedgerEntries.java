package io.crowsnest.contactgovernance.mapping;

import java.util.List;

import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.contactgovernance.domain.LedgerEntry;
import io.crowsnest.contactgovernance.domain.OutcomeProgression;
import io.crowsnest.contactgovernance.domain.Reason;
import io.crowsnest.contactgovernance.domain.RuleKind;
import io.crowsnest.contactgovernance.domain.Verdict;
import io.crowsnest.contactgovernance.v1.ContactOutcome;
import io.crowsnest.contactgovernance.v1.LedgerEntrySource;
import io.crowsnest.contactgovernance.v1.OutcomeRecord;
import io.crowsnest.contactgovernance.v1.RuleViolation;
import io.crowsnest.platform.grpc.Timestamps;

/**
 * Ledger entries between the contract's LedgerEntry and the domain's: every field both ways, so
 * an entry read and written back is the message it was (unset fields stay unset).
 */
public final class LedgerEntries {

    private LedgerEntries() {
    }

    public static io.crowsnest.contactgovernance.v1.LedgerEntry message(LedgerEntry e) {
        var out = io.crowsnest.contactgovernance.v1.LedgerEntry.newBuilder()
                .setEntryId(e.entryId())
                .setPersonId(e.personId())
                .setChannel(ContractMapping.channel(e.channel()))
                .setCategory(ContractMapping.category(e.category()))
                .setCampaignId(e.campaignId())
                .setActionId(e.actionId())
                .setReservationId(e.reservationId())
                .setExternalRef(e.externalRef())
                .setRequestingSystem(e.requestingSystem())
                .setAgentId(e.agentId())
                .setOverridden(e.overridden())
                .setOutcome(outcome(e.outcome()))
                .setMergedFromPersonId(e.mergedFromPersonId());
        if (!e.divisionId().isEmpty()) {
            out.setDivision(DivisionRef.newBuilder().setId(e.divisionId()));
        }
        ContractMapping.timestamp(e.contactedAt(), out::setContactedAt);
        ContractMapping.timestamp(e.recordedAt(), out::setRecordedAt);
        if (e.source() != null) {
            out.setSource(LedgerEntrySource.valueOf("LEDGER_ENTRY_SOURCE_" + e.source().name()));
        }
        e.overriddenViolations().forEach(v -> out.addOverriddenViolations(ContractMapping.violation(v)));
        for (LedgerEntry.OutcomeRecord o : e.outcomeHistory()) {
            var record = OutcomeRecord.newBuilder().setOutcome(outcome(o.outcome())).setSource(o.source());
            ContractMapping.timestamp(o.occurredAt(), record::setOccurredAt);
            ContractMapping.timestamp(o.recordedAt(), record::setRecordedAt);
            if (o.detail() != null) {
                record.setDetail(reason(o.detail()));
            }
            out.addOutcomeHistory(record);
        }
        if (e.policy() != null) {
            out.setPolicy(ContractMapping.ref(e.policy()));
        }
        return out.build();
    }

    public static List<io.crowsnest.contactgovernance.v1.LedgerEntry> messages(List<LedgerEntry> entries) {
        return entries.stream().map(LedgerEntries::message).toList();
    }

    public static LedgerEntry entry(io.crowsnest.contactgovernance.v1.LedgerEntry e) {
        List<LedgerEntry.OutcomeRecord> history = e.getOutcomeHistoryList().stream()
                .map(o -> new LedgerEntry.OutcomeRecord(ContractMapping.outcome(o.getOutcome()),
                        o.hasOccurredAt() ? Timestamps.instant(o.getOccurredAt()) : null,
                        o.hasRecordedAt() ? Timestamps.instant(o.getRecordedAt()) : null,
                        o.hasDetail() ? reason(o.getDetail()) : null, o.getSource()))
                .toList();
        return new LedgerEntry(e.getEntryId(), e.getPersonId(), ContractMapping.channel(e.getChannel()),
                e.getDivision().getId(), ContractMapping.category(e.getCategory()), e.getCampaignId(),
                e.getActionId(), e.hasContactedAt() ? Timestamps.instant(e.getContactedAt()) : null,
                e.hasRecordedAt() ? Timestamps.instant(e.getRecordedAt()) : null, source(e.getSource()),
                e.getReservationId(), e.getExternalRef(), e.getRequestingSystem(), e.getAgentId(), e.getOverridden(),
                e.getOverriddenViolationsList().stream().map(LedgerEntries::violation).toList(),
                ContractMapping.outcome(e.getOutcome()), history, e.getMergedFromPersonId(),
                e.hasPolicy() ? ContractMapping.ref(e.getPolicy()) : null);
    }

    public static ContactOutcome outcome(OutcomeProgression.Outcome outcome) {
        return ContactOutcome.valueOf("CONTACT_OUTCOME_" + outcome.name());
    }

    public static io.crowsnest.common.v1.Reason reason(Reason r) {
        return io.crowsnest.common.v1.Reason.newBuilder().setCode(r.code()).setMessage(r.message())
                .putAllFigures(r.figures()).build();
    }

    public static Reason reason(io.crowsnest.common.v1.Reason r) {
        return new Reason(r.getCode(), r.getMessage(), r.getFiguresMap());
    }

    private static LedgerEntry.Source source(LedgerEntrySource source) {
        return switch (source) {
            case LEDGER_ENTRY_SOURCE_RESERVATION -> LedgerEntry.Source.RESERVATION;
            case LEDGER_ENTRY_SOURCE_EXTERNAL -> LedgerEntry.Source.EXTERNAL;
            default -> null;
        };
    }

    private static Verdict.Violation violation(RuleViolation v) {
        return new Verdict.Violation(v.getRuleId(), RuleKind.valueOf(v.getKind().name().substring("RULE_KIND_".length())),
                v.getReason().getCode(), v.getReason().getMessage(), v.getReason().getFiguresMap(),
                v.hasClearsAt() ? Timestamps.instant(v.getClearsAt()) : null);
    }
}
