package io.crowsnest.contactgovernance.domain;

import java.time.DayOfWeek;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What makes the limiting rules of a policy valid: unique rule ids, frequency caps (scope and the
 * fields it allows, limit, window, categories), minimum gaps and quiet hours.
 */
final class LimitRuleChecks {

    private static final Pattern RULE_ID = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern CAMPAIGN_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private LimitRuleChecks() {
    }

    static void ruleId(PolicyProblems p, String at, String id, Set<String> seen) {
        if (id.isEmpty()) {
            p.add(at + ".rule_id", "rule_id is required");
        } else if (!RULE_ID.matcher(id).matches()) {
            p.add(at + ".rule_id", "rule_id must be 1 to 64 characters of a-z, 0-9 and '-', got "
                    + PolicyProblems.quote(id));
        } else if (!seen.add(id)) {
            p.add(at + ".rule_id", "rule_id " + PolicyProblems.quote(id)
                    + " is already used by another rule; rule ids are unique across all rules of the policy");
        }
    }

    static void frequencyCap(PolicyProblems p, String at, PolicyDraft.FrequencyCap cap, Set<String> divisionIds) {
        p.maxLength(at + ".description", "description", cap.description(), PolicyRules.MAX_RULE_DESCRIPTION);
        Choice<CapScope> scope = cap.scope();
        if (scope.unspecified()) {
            p.add(at + ".scope", "scope is required");
        } else if (scope.unknown()) {
            p.add(at + ".scope", "scope " + scope.number() + " is not a known cap scope");
        }
        boolean known = scope.value() != null;

        // channel
        if (cap.channel().unknown()) {
            p.add(at + ".channel", "channel " + cap.channel().number() + " is not a known channel");
        } else if (known && !cap.channel().unspecified()
                && !scope.is(CapScope.CHANNEL) && !scope.is(CapScope.DIVISION_CHANNEL)) {
            p.add(at + ".channel", "channel must be unspecified for scope " + scope + ", got " + cap.channel());
        }

        // division
        String divisionId = cap.divisionId();
        boolean divisionScope = scope.is(CapScope.DIVISION) || scope.is(CapScope.DIVISION_CHANNEL);
        if (!divisionId.isEmpty()) {
            if (divisionScope) {
                if (!divisionIds.contains(divisionId)) {
                    p.add(at + ".division.id", "division " + PolicyProblems.quote(divisionId)
                            + " is not listed in the policy's divisions");
                }
            } else if (known) {
                p.add(at + ".division", "division must be unset for scope " + scope + ", got "
                        + PolicyProblems.quote(divisionId));
            }
        }

        // campaign_id
        String campaignId = cap.campaignId();
        if (!campaignId.isEmpty()) {
            if (known && !scope.is(CapScope.CAMPAIGN)) {
                p.add(at + ".campaign_id", "campaign_id must be empty for scope " + scope + ", got "
                        + PolicyProblems.quote(campaignId));
            } else if (!CAMPAIGN_ID.matcher(campaignId).matches()) {
                p.add(at + ".campaign_id", "campaign_id must be 1 to 128 characters of A-Z, a-z, 0-9, '.', '_', "
                        + "':' and '-', got " + PolicyProblems.quote(campaignId));
            }
        }

        if (cap.maxContacts() < 1) {
            p.add(at + ".max_contacts", "max_contacts must be at least 1, got " + cap.maxContacts());
        }
        p.window(at + ".window", cap.window());
        p.categories(at + ".categories", cap.categories(), true);
    }

    static void minimumGap(PolicyProblems p, String at, PolicyDraft.MinimumGap gap) {
        p.maxLength(at + ".description", "description", gap.description(), PolicyRules.MAX_RULE_DESCRIPTION);
        if (gap.channel().unknown()) {
            p.add(at + ".channel", "channel " + gap.channel().number() + " is not a known channel");
        }
        long seconds = gap.minGapSeconds();
        if (seconds < 1 || seconds > PolicyRules.MAX_MIN_GAP_SECONDS) {
            p.add(at + ".min_gap_seconds", "min_gap_seconds must be from 1 to " + PolicyRules.MAX_MIN_GAP_SECONDS
                    + " (365 days), got " + seconds);
        }
    }

    static void quietHours(PolicyProblems p, String at, PolicyDraft.QuietHours quiet) {
        p.maxLength(at + ".description", "description", quiet.description(), PolicyRules.MAX_RULE_DESCRIPTION);
        if (quiet.channel().unknown()) {
            p.add(at + ".channel", "channel " + quiet.channel().number() + " is not a known channel");
        }
        p.localTime(at + ".start_local_time", "start_local_time", quiet.startLocalTime());
        p.localTime(at + ".end_local_time", "end_local_time", quiet.endLocalTime());
        Set<DayOfWeek> days = new HashSet<>();
        for (int j = 0; j < quiet.days().size(); j++) {
            Choice<DayOfWeek> day = quiet.days().get(j);
            String dayPath = at + ".days[" + j + "]";
            if (day.unspecified()) {
                p.add(dayPath, "days must not contain DAY_OF_WEEK_UNSPECIFIED");
            } else if (day.unknown()) {
                p.add(dayPath, "day " + day.number() + " is not a known day of the week");
            } else if (!days.add(day.value())) {
                p.add(dayPath, day + " is listed more than once");
            }
        }
        p.categories(at + ".categories", quiet.categories(), false);
    }
}
