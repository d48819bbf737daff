package io.crowsnest.alertnotification.domain;

import java.time.Instant;
import java.util.Locale;

/**
 * A lead: a transition qualified by a rule, and its life. CANDIDATE → OFFERED → ACCEPTED →
 * CONVERTED or REJECTED (OFFERED may go straight to REJECTED or CONVERTED); or SUPPRESSED, never
 * offered. Outcomes move forward only; the same outcome again changes nothing.
 */
public record Lead(String id, String ruleId, String teamId, String personId, String segmentId, long transitionOffset,
        double score, Reason reason, Status status, Reason statusReason, String alertId, String agentId,
        Instant createdAt, Instant offeredAt, Instant outcomeAt) {

    /** Where a lead is in its life. */
    public enum Status {
        CANDIDATE, OFFERED, ACCEPTED, REJECTED, CONVERTED, SUPPRESSED
    }

    /** The lead a rule makes of a transition, with the score read for it. */
    public static Lead of(LeadRule rule, Transition t, double score, Instant now) {
        String why = t.explanation().isEmpty() ? "entered segment " + t.segmentId() : t.explanation();
        if (!rule.scoreName().isEmpty()) {
            why += String.format(Locale.ROOT, "; %s %.1f (minimum %.1f)", rule.scoreName(), score, rule.minScore());
        }
        return new Lead(rule.id() + "-" + t.offset(), rule.id(), rule.teamId(), t.personId(), t.segmentId(), t.offset(),
                score, new Reason("SEGMENT_ENTERED", why), Status.CANDIDATE, null, "", "", now, null, null);
    }

    public Lead suppressed(String code, String message) {
        return new Lead(id, ruleId, teamId, personId, segmentId, transitionOffset, score, reason, Status.SUPPRESSED,
                new Reason(code, message), alertId, agentId, createdAt, offeredAt, outcomeAt);
    }

    public Lead offered(String alert, Instant at) {
        return new Lead(id, ruleId, teamId, personId, segmentId, transitionOffset, score, reason, Status.OFFERED, null,
                alert, agentId, createdAt, at, outcomeAt);
    }

    /** The lead after an agent's outcome; the same lead when it already had it. */
    public Lead outcome(Status outcome, String agent, Reason why, Instant at) {
        if (status == outcome) {
            return this;
        }
        boolean allowed = switch (outcome) {
            case ACCEPTED -> status == Status.OFFERED;
            case REJECTED, CONVERTED -> status == Status.OFFERED || status == Status.ACCEPTED;
            default -> false;
        };
        if (!allowed) {
            throw new DomainException(DomainException.Kind.FAILED_PRECONDITION, "LEAD_OUTCOME_NOT_ALLOWED",
                    "lead '" + id + "' is " + status + "; it cannot become " + outcome);
        }
        return new Lead(id, ruleId, teamId, personId, segmentId, transitionOffset, score, reason, outcome,
                outcome == Status.REJECTED ? why : null, alertId, agent, createdAt, offeredAt, at);
    }

    public Lead movedTo(String survivor) {
        return new Lead(id, ruleId, teamId, survivor, segmentId, transitionOffset, score, reason, status, statusReason,
                alertId, agentId, createdAt, offeredAt, outcomeAt);
    }
}
