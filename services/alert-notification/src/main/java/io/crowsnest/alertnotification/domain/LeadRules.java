package io.crowsnest.alertnotification.domain;

import java.util.regex.Pattern;

/** What makes a lead rule well-formed (paths under "rule", as in the request; an unset severity is null). */
public final class LeadRules {

    public static final Pattern RULE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    public static final Pattern SEGMENT_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private LeadRules() {
    }

    public static void check(Fields.Problems p, LeadRule rule) {
        if (!RULE_ID.matcher(rule.id()).matches()) {
            p.add("rule.rule_id", "must match [a-z0-9][a-z0-9-]{0,63}");
        }
        Fields.text(p, "rule.display_name", rule.displayName(), 1, 200);
        if (!SEGMENT_ID.matcher(rule.segmentId()).matches()) {
            p.add("rule.segment_id", "must match [a-z0-9][a-z0-9._-]{0,63}");
        }
        Fields.id(p, "rule.team_id", rule.teamId());
        if (!rule.scoreName().isEmpty() && !SEGMENT_ID.matcher(rule.scoreName()).matches()) {
            p.add("rule.score_name", "must match [a-z0-9][a-z0-9._-]{0,63}");
        }
        if (!Double.isFinite(rule.minScore())) {
            p.add("rule.min_score", "must be a finite number");
        }
        if (rule.maxPerHour() < 1 || rule.maxPerHour() > 10_000) {
            p.add("rule.max_per_hour", "1 to 10,000");
        }
        if (rule.personCooldown().isNegative() || rule.personCooldown().toSeconds() > 2_592_000) {
            p.add("rule.person_cooldown_seconds", "0 to 2,592,000");
        }
        if (rule.severity() == null) {
            p.add("rule.severity", "required");
        }
    }
}
