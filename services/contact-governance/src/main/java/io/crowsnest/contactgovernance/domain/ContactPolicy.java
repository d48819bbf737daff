package io.crowsnest.contactgovernance.domain;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of one validated policy version, as the evaluator uses them. Built only from a policy
 * that passed validation, so every reference (division, cap id) resolves.
 */
public record ContactPolicy(PolicyRef ref, ZoneId defaultTimeZone, List<Division> divisions,
        List<FrequencyCap> caps, List<MinimumGap> gaps, List<QuietHours> quietHours, ConsentRules consent,
        Optional<FatigueRules> fatigue) {

    public Optional<Division> division(String id) {
        return divisions.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** The longest period any rule looks back, which is what live counters must hold. */
    public Duration lookback() {
        Duration longest = Duration.ofDays(1);
        for (FrequencyCap cap : caps) {
            longest = max(longest, cap.window());
        }
        for (MinimumGap gap : gaps) {
            longest = max(longest, gap.minGap());
        }
        if (fatigue.isPresent()) {
            longest = max(longest, fatigue.get().window());
        }
        return longest;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** A division allowed to contact customers, its arbitration priority and its cap shares. */
    public record Division(String id, String displayName, int priority, List<CapShare> shares) {

        public Optional<CapShare> shareOf(String capRuleId) {
            return shares.stream().filter(s -> s.capRuleId().equals(capRuleId)).findFirst();
        }
    }

    /** Of a cap's max contacts per window, at most maxContacts may be this division's. */
    public record CapShare(String capRuleId, int maxContacts) {
    }

    /**
     * At most maxContacts contacts per rolling window. Null channel/division/campaign in a scope
     * that has them means "each one separately" (the request's own).
     */
    public record FrequencyCap(String ruleId, String description, CapScope scope, Channel channel, String division,
            String campaignId, int maxContacts, Duration window, String windowWords, Set<Category> categories) {
    }

    /** Minimum time between two marketing contacts; null channel means overall. */
    public record MinimumGap(String ruleId, Channel channel, Duration minGap) {
    }

    /** A recurring quiet period of the customer's local day; null channel means every channel. */
    public record QuietHours(String ruleId, Channel channel, LocalTime start, LocalTime end, Set<DayOfWeek> days,
            Set<Category> categories) {
    }

    /** Consent and do-not-contact handling. */
    public record ConsentRules(Set<ChannelPurpose> optInRequired, Set<Category> doNotContactCategories,
            Set<Category> consentExemptCategories) {
    }

    /** A channel and purpose pair. */
    public record ChannelPurpose(Channel channel, Purpose purpose) {
    }

    /** Fatigue from unanswered contacts, and the cap reductions it triggers. */
    public record FatigueRules(Duration window, Duration responseGrace, Duration halfLife, Set<Category> categories,
            List<FatigueThreshold> thresholds) {
    }

    /** A fatigue level; empty capRuleIds means every cap counting MARKETING. */
    public record FatigueThreshold(String levelId, double minScore, int capReductionPercent, Set<String> capRuleIds) {
    }
}
