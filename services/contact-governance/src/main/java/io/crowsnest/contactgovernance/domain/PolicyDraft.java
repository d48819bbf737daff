package io.crowsnest.contactgovernance.domain;

import java.time.DayOfWeek;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A contact policy as written, before {@link PolicyRules} checked it: every field as given, closed
 * sets as {@link Choice}s (so an unknown value can be named in the refusal). Nested rules absent from
 * the request are null (window, consent, fatigue); strings absent are empty.
 */
public record PolicyDraft(String policyId, String displayName, String description, String defaultTimeZone,
        List<Division> divisions, List<FrequencyCap> frequencyCaps, List<MinimumGap> minimumGaps,
        List<QuietHours> quietHours, ConsentRules consent, FatigueRules fatigue) {

    public record Division(String divisionId, String displayName, int priority, List<CapShare> capShares) {
    }

    public record CapShare(String ruleId, int maxContacts) {
    }

    /** {@code divisionId} is empty when no division is named. */
    public record FrequencyCap(String ruleId, String description, Choice<CapScope> scope, Choice<Channel> channel,
            String divisionId, String campaignId, int maxContacts, Window window, List<Choice<Category>> categories) {
    }

    /** A rolling window: HOURS, DAYS, WEEKS or MONTHS (of 30 days). */
    public record Window(int length, Choice<ChronoUnit> unit) {
    }

    public record MinimumGap(String ruleId, String description, Choice<Channel> channel, long minGapSeconds) {
    }

    public record QuietHours(String ruleId, String description, Choice<Channel> channel, String startLocalTime,
            String endLocalTime, List<Choice<DayOfWeek>> days, List<Choice<Category>> categories) {
    }

    public record ConsentRules(List<OptIn> optInRequired, List<Choice<Category>> doNotContactCategories,
            List<Choice<Category>> consentExemptCategories) {
    }

    public record OptIn(Choice<Channel> channel, Choice<Purpose> purpose) {
    }

    public record FatigueRules(Window window, long responseGraceSeconds, long halfLifeSeconds,
            List<Choice<Category>> categories, List<Threshold> thresholds) {
    }

    public record Threshold(String levelId, double minScore, int capReductionPercent, List<String> ruleIds) {
    }
}
