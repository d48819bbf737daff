package io.crowsnest.contactgovernance.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The rules' answer to one contact request, explaining itself.
 *
 * @param nextAllowedAt null when allowed, blocked indefinitely, or beyond the search horizon
 */
public record Verdict(String personId, boolean allowed, List<Violation> violations, List<Violation> waived,
        Instant nextAllowedAt, boolean blockedIndefinitely, List<Capacity> capacities, FatigueStatus fatigue,
        String timeZone, TimeZoneSource timeZoneSource, Instant evaluatedFor, Instant evaluatedAt, PolicyRef policy) {

    public enum TimeZoneSource {
        REQUEST, CONSENT_RECORD, POLICY_DEFAULT
    }

    /** One blocking rule: code, a sentence with figures, and when it alone stops blocking (null = never by time). */
    public record Violation(String ruleId, RuleKind kind, String code, String message, Map<String, String> figures,
            Instant clearsAt) {
    }

    /** Remaining capacity of one cap or division share for this request. */
    public record Capacity(CounterRule rule, int used, int held, int remaining, Instant nextReleaseAt) {
    }

    /** Fatigue at the evaluated instant. */
    public record FatigueStatus(double score, String levelId, int capReductionPercent, boolean capsTightened,
            int unansweredContacts, Instant lastResponseAt) {
    }
}
