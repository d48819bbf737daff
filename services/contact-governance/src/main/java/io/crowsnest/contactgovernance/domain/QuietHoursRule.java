package io.crowsnest.contactgovernance.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.crowsnest.contactgovernance.domain.Verdict.Violation;

/**
 * Quiet hours: a contact of a covered channel and category planned inside a quiet period of the
 * customer's local time is blocked until the period ends (the zone: the request's, the consent
 * record's, or the policy's default).
 */
final class QuietHoursRule {

    private QuietHoursRule() {
    }

    static void check(ContactPolicy policy, ContactIntent intent, GovernanceRules.Zone zone,
            List<Violation> out) {
        for (ContactPolicy.QuietHours rule : policy.quietHours()) {
            if ((rule.channel() != null && rule.channel() != intent.channel())
                    || !rule.categories().contains(intent.category())) {
                continue;
            }
            QuietPeriods.containing(rule, zone.id(), intent.at()).ifPresent(period -> {
                String localTime = Sentences.HOUR_MINUTE.format(intent.at().atZone(zone.id()));
                Map<String, String> figures = new LinkedHashMap<>();
                figures.put("local_time", localTime);
                figures.put("time_zone", zone.id().getId());
                figures.put("quiet_from", Sentences.HOUR_MINUTE.format(period.localStart()));
                figures.put("quiet_until", Sentences.HOUR_MINUTE.format(period.localEnd()));
                figures.put("channel", rule.channel() == null ? "" : rule.channel().name());
                String channel = rule.channel() == null ? "" : rule.channel().words() + " ";
                String message = channel + "quiet hours " + figures.get("quiet_from") + "-" + figures.get("quiet_until")
                        + " in " + zone.id().getId() + " (local time " + localTime + "); next allowed "
                        + Sentences.local(period.end(), zone);
                out.add(new Violation(rule.ruleId(), RuleKind.QUIET_HOURS, "QUIET_HOURS", message, Map.copyOf(figures),
                        period.end()));
            });
        }
    }
}
