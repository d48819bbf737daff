package io.crowsnest.contactgovernance.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The person's recent contacts with their responses, from the ledger: what fatigue is computed
 * from. Contacts granted concurrently cannot change fatigue at once (a contact counts only after
 * the response grace has passed), so reading it outside the atomic step is safe.
 *
 * @param lastResponseAt the person's latest RESPONDED outcome; null when none
 */
public record FatigueHistory(List<Contact> contacts, Instant lastResponseAt) {

    public static final FatigueHistory EMPTY = new FatigueHistory(List.of(), null);

    /** A ledger contact; respondedAt is null while it has no RESPONDED outcome. */
    public record Contact(Instant at, Category category, Instant respondedAt) {
    }

    /** Fatigue at an instant under the policy's rules. */
    public Fatigue at(ContactPolicy.FatigueRules rules, Instant t) {
        double score = 0;
        int unanswered = 0;
        for (Contact c : contacts) {
            boolean counted = rules.categories().contains(c.category())
                    && c.at().isAfter(t.minus(rules.window())) && !c.at().isAfter(t)
                    && !c.at().plus(rules.responseGrace()).isAfter(t)
                    && (c.respondedAt() == null || c.respondedAt().isAfter(t))
                    && (lastResponseAt == null || c.at().isAfter(lastResponseAt) || lastResponseAt.isAfter(t));
            if (counted) {
                unanswered++;
                long age = Duration.between(c.at(), t).toSeconds();
                score += rules.halfLife().isZero() ? 1.0 : Math.pow(0.5, (double) age / rules.halfLife().toSeconds());
            }
        }
        ContactPolicy.FatigueThreshold reached = null;
        for (ContactPolicy.FatigueThreshold threshold : rules.thresholds()) {
            if (score >= threshold.minScore()) {
                reached = threshold;
            }
        }
        return new Fatigue(score, reached, unanswered, lastResponseAt);
    }

    /** Fatigue figures; level is null below every threshold. */
    public record Fatigue(double score, ContactPolicy.FatigueThreshold level, int unanswered, Instant lastResponseAt) {

        public static final Fatigue NONE = new Fatigue(0, null, 0, null);

        public boolean tightens(ContactPolicy.FrequencyCap cap) {
            if (level == null) {
                return false;
            }
            return level.capRuleIds().isEmpty() ? cap.categories().contains(Category.MARKETING)
                    : level.capRuleIds().contains(cap.ruleId());
        }

        public int reductionPercent() {
            return level == null ? 0 : level.capReductionPercent();
        }
    }
}
