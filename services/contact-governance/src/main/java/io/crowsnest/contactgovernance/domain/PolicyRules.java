package io.crowsnest.contactgovernance.domain;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What makes a contact policy valid (documented in policy.proto): ids, limits, references between
 * rules, scopes and their fields, windows, local times, categories, consent and fatigue. Every
 * problem is one {@link Problem} whose path names the field in the contract's words with 0-based
 * indexes, e.g. "frequency_caps[2].max_contacts". This class checks the policy's own fields and its
 * divisions; the limiting rules are checked by {@link LimitRuleChecks}, consent and fatigue by
 * {@link ConsentFatigueChecks}, the shared field checks live in {@link PolicyProblems}.
 */
public final class PolicyRules {

    private static final Pattern POLICY_ID = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern DIVISION_ID = Pattern.compile("[a-z0-9-]{1,40}");

    static final int MAX_DISPLAY_NAME = 128;
    static final int MAX_POLICY_DESCRIPTION = 2048;
    static final int MAX_RULE_DESCRIPTION = 256;
    static final int MAX_DIVISIONS = 100;
    static final int MAX_CAP_SHARES = 50;
    static final int MAX_FREQUENCY_CAPS = 200;
    static final int MAX_MINIMUM_GAPS = 50;
    static final int MAX_QUIET_HOURS = 100;
    static final int MAX_PRIORITY = 100;
    static final long MAX_MIN_GAP_SECONDS = 31_536_000L;
    static final long MAX_RESPONSE_GRACE_SECONDS = 2_592_000L;
    static final int MAX_THRESHOLDS = 10;

    /** One problem: the field at fault (path within the policy) and a sentence saying what is wrong. */
    public record Problem(String path, String message) {
    }

    private PolicyRules() {
    }

    /** True when {@code id} is a known IANA region id (or "UTC") that java.time can load. */
    public static boolean isTimeZone(String id) {
        if (id == null || id.isEmpty()) {
            return false;
        }
        if (!"UTC".equals(id) && !ZoneId.getAvailableZoneIds().contains(id)) {
            return false;
        }
        try {
            ZoneId.of(id);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** Every problem of the policy, in field order; empty when it is valid. */
    public static List<Problem> check(PolicyDraft d) {
        PolicyProblems p = new PolicyProblems();
        // Top-level scalars.
        if (d.policyId().isEmpty()) {
            p.add("policy_id", "policy_id is required");
        } else if (!POLICY_ID.matcher(d.policyId()).matches()) {
            p.add("policy_id", "policy_id must be 1 to 64 characters of a-z, 0-9 and '-', got "
                    + PolicyProblems.quote(d.policyId()));
        }
        p.displayName("display_name", d.displayName());
        p.maxLength("description", "description", d.description(), MAX_POLICY_DESCRIPTION);
        if (d.defaultTimeZone().isEmpty()) {
            p.add("default_time_zone", "default_time_zone is required");
        } else if (!isTimeZone(d.defaultTimeZone())) {
            p.add("default_time_zone", "default_time_zone must be a known IANA time zone such as "
                    + "\"Europe/Paris\", got " + PolicyProblems.quote(d.defaultTimeZone()));
        }

        // Rule ids across caps, gaps and quiet hours; caps by id for the references.
        Map<String, PolicyDraft.FrequencyCap> caps = new HashMap<>();
        for (PolicyDraft.FrequencyCap cap : d.frequencyCaps()) {
            caps.putIfAbsent(cap.ruleId(), cap);
        }
        Set<String> ruleIds = new HashSet<>();
        Set<String> divisionIds = new HashSet<>();
        for (PolicyDraft.Division division : d.divisions()) {
            divisionIds.add(division.divisionId());
        }

        divisions(p, d.divisions(), caps);

        p.count("frequency_caps", "frequency caps", d.frequencyCaps().size(), 0, MAX_FREQUENCY_CAPS);
        for (int i = 0; i < d.frequencyCaps().size(); i++) {
            String at = "frequency_caps[" + i + "]";
            PolicyDraft.FrequencyCap cap = d.frequencyCaps().get(i);
            LimitRuleChecks.ruleId(p, at, cap.ruleId(), ruleIds);
            LimitRuleChecks.frequencyCap(p, at, cap, divisionIds);
        }

        p.count("minimum_gaps", "minimum gaps", d.minimumGaps().size(), 0, MAX_MINIMUM_GAPS);
        for (int i = 0; i < d.minimumGaps().size(); i++) {
            String at = "minimum_gaps[" + i + "]";
            PolicyDraft.MinimumGap gap = d.minimumGaps().get(i);
            LimitRuleChecks.ruleId(p, at, gap.ruleId(), ruleIds);
            LimitRuleChecks.minimumGap(p, at, gap);
        }

        p.count("quiet_hours", "quiet hours rules", d.quietHours().size(), 0, MAX_QUIET_HOURS);
        for (int i = 0; i < d.quietHours().size(); i++) {
            String at = "quiet_hours[" + i + "]";
            PolicyDraft.QuietHours quiet = d.quietHours().get(i);
            LimitRuleChecks.ruleId(p, at, quiet.ruleId(), ruleIds);
            LimitRuleChecks.quietHours(p, at, quiet);
        }

        if (d.consent() != null) {
            ConsentFatigueChecks.consent(p, "consent", d.consent());
        }
        if (d.fatigue() != null) {
            ConsentFatigueChecks.fatigue(p, "fatigue", d.fatigue(), caps);
        }
        return p.list();
    }

    private static void divisions(PolicyProblems p, List<PolicyDraft.Division> divisions,
            Map<String, PolicyDraft.FrequencyCap> caps) {
        if (divisions.isEmpty()) {
            p.add("divisions", "at least one division is required");
        } else if (divisions.size() > MAX_DIVISIONS) {
            p.add("divisions", "at most " + MAX_DIVISIONS + " divisions are allowed, got " + divisions.size());
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < divisions.size(); i++) {
            PolicyDraft.Division d = divisions.get(i);
            String at = "divisions[" + i + "]";
            String id = d.divisionId();
            if (id.isEmpty()) {
                p.add(at + ".division_id", "division_id is required");
            } else if (!DIVISION_ID.matcher(id).matches()) {
                p.add(at + ".division_id", "division_id must be 1 to 40 characters of a-z, 0-9 and '-', got "
                        + PolicyProblems.quote(id));
            } else if (!seen.add(id)) {
                p.add(at + ".division_id", "division_id " + PolicyProblems.quote(id) + " is listed more than once");
            }
            p.displayName(at + ".display_name", d.displayName());
            if (d.priority() < 1 || d.priority() > MAX_PRIORITY) {
                p.add(at + ".priority", "priority must be from 1 to " + MAX_PRIORITY + ", got " + d.priority());
            }
            if (d.capShares().size() > MAX_CAP_SHARES) {
                p.add(at + ".cap_shares", "at most " + MAX_CAP_SHARES + " cap shares are allowed, got "
                        + d.capShares().size());
            }
            Set<String> shared = new HashSet<>();
            for (int j = 0; j < d.capShares().size(); j++) {
                capShare(p, at + ".cap_shares[" + j + "]", d.capShares().get(j), caps, shared);
            }
        }
    }

    private static void capShare(PolicyProblems p, String at, PolicyDraft.CapShare share,
            Map<String, PolicyDraft.FrequencyCap> caps, Set<String> shared) {
        String ruleId = share.ruleId();
        PolicyDraft.FrequencyCap cap = null;
        if (ruleId.isEmpty()) {
            p.add(at + ".rule_id", "rule_id is required");
        } else if (!shared.add(ruleId)) {
            p.add(at + ".rule_id", "the division already has a share of cap " + PolicyProblems.quote(ruleId));
        } else {
            cap = caps.get(ruleId);
            if (cap == null) {
                p.add(at + ".rule_id", "rule_id " + PolicyProblems.quote(ruleId)
                        + " does not name a frequency cap of this policy");
            } else if (!cap.scope().is(CapScope.GLOBAL) && !cap.scope().is(CapScope.CHANNEL)) {
                p.add(at + ".rule_id", "cap " + PolicyProblems.quote(ruleId) + " has scope " + cap.scope()
                        + "; shares are only allowed of GLOBAL or CHANNEL caps");
                cap = null;
            }
        }
        if (share.maxContacts() < 1) {
            p.add(at + ".max_contacts", "max_contacts must be at least 1, got " + share.maxContacts());
        } else if (cap != null && share.maxContacts() > cap.maxContacts()) {
            p.add(at + ".max_contacts", "max_contacts must not exceed the max_contacts of cap "
                    + PolicyProblems.quote(ruleId) + " (" + cap.maxContacts() + "), got " + share.maxContacts());
        }
    }
}
