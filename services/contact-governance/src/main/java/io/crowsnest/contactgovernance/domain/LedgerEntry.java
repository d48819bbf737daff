package io.crowsnest.contactgovernance.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One contact made, as the ledger keeps it: the truth the live counters and fatigue are derived
 * from. Strings the contact did not give are empty.
 *
 * @param channel    null when none was given
 * @param divisionId empty when none was given
 * @param source     null when not recorded
 * @param policy     the policy version it was made under; null when not recorded
 */
public record LedgerEntry(String entryId, String personId, Channel channel, String divisionId, Category category,
        String campaignId, String actionId, Instant contactedAt, Instant recordedAt, Source source,
        String reservationId, String externalRef, String requestingSystem, String agentId, boolean overridden,
        List<Verdict.Violation> overriddenViolations, OutcomeProgression.Outcome outcome,
        List<OutcomeRecord> outcomeHistory, String mergedFromPersonId, PolicyRef policy) {

    public LedgerEntry {
        overriddenViolations = List.copyOf(overriddenViolations);
        outcomeHistory = List.copyOf(outcomeHistory);
    }

    /** How the contact reached the ledger. */
    public enum Source {
        RESERVATION, EXTERNAL
    }

    /**
     * One outcome as it was recorded.
     *
     * @param detail null when none was given
     */
    public record OutcomeRecord(OutcomeProgression.Outcome outcome, Instant occurredAt, Instant recordedAt,
            Reason detail, String source) {
    }

    /** The entry as the counters count it. */
    public CountedContact counted() {
        return new CountedContact(entryId, contactedAt, channel, divisionId, category, campaignId, false);
    }

    /** The entry as fatigue reads it: when, why, and when it was last answered (RESPONDED), if ever. */
    public FatigueHistory.Contact fatigue() {
        Instant responded = null;
        for (OutcomeRecord o : outcomeHistory) {
            if (o.outcome() == OutcomeProgression.Outcome.RESPONDED) {
                responded = o.occurredAt();
            }
        }
        return new FatigueHistory.Contact(contactedAt, category, responded);
    }

    /** The entry with a new outcome recorded. */
    public LedgerEntry withOutcome(OutcomeRecord record) {
        List<OutcomeRecord> history = new ArrayList<>(outcomeHistory);
        history.add(record);
        return new LedgerEntry(entryId, personId, channel, divisionId, category, campaignId, actionId, contactedAt,
                recordedAt, source, reservationId, externalRef, requestingSystem, agentId, overridden,
                overriddenViolations, record.outcome(), history, mergedFromPersonId, policy);
    }

    /** The entry recorded against the rules: with the violations that were overridden. */
    public LedgerEntry overriding(List<Verdict.Violation> violations) {
        return new LedgerEntry(entryId, personId, channel, divisionId, category, campaignId, actionId, contactedAt,
                recordedAt, source, reservationId, externalRef, requestingSystem, agentId, true, violations, outcome,
                outcomeHistory, mergedFromPersonId, policy);
    }

    /** The entry moved to the survivor of a merge, marked with where it came from. */
    public LedgerEntry movedTo(String survivor) {
        return new LedgerEntry(entryId, survivor, channel, divisionId, category, campaignId, actionId, contactedAt,
                recordedAt, source, reservationId, externalRef, requestingSystem, agentId, overridden,
                overriddenViolations, outcome, outcomeHistory, personId, policy);
    }
}
