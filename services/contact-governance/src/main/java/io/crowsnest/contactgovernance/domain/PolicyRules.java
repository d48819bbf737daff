package io.crowsnest.contactgovernance.domain;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
 * indexes, e.g. "frequency_caps[2].max_contacts".
 */
public final class PolicyRules {

    private static final Pattern POLICY_ID = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern DIVISION_ID = Pattern.compile("[a-z0-9-]{1,40}");
    private static final Pattern RULE_ID = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern LEVEL_ID = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern CAMPAIGN_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern LOCAL_TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");

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
    public static List<Problem> check(PolicyDraft policy) {
        Run run = new Run();
        run.policy(policy);
        return run.out;
    }

    /** One check pass; collects the problems. */
    private static final class Run {

        private final List<Problem> out = new ArrayList<>();

        private void add(String path, String description) {
            out.add(new Problem(path, description));
        }

        void policy(PolicyDraft p) {
            // Top-level scalars.
            if (p.policyId().isEmpty()) {
                add("policy_id", "policy_id is required");
            } else if (!POLICY_ID.matcher(p.policyId()).matches()) {
                add("policy_id", "policy_id must be 1 to 64 characters of a-z, 0-9 and '-', got "
                        + quote(p.policyId()));
            }
            displayName("display_name", p.displayName());
            maxLength("description", "description", p.description(), MAX_POLICY_DESCRIPTION);
            if (p.defaultTimeZone().isEmpty()) {
                add("default_time_zone", "default_time_zone is required");
            } else if (!isTimeZone(p.defaultTimeZone())) {
                add("default_time_zone", "default_time_zone must be a known IANA time zone such as "
                        + "\"Europe/Paris\", got " + quote(p.defaultTimeZone()));
            }

            // Rule ids across caps, gaps and quiet hours; caps by id for the references.
            Map<String, PolicyDraft.FrequencyCap> caps = new HashMap<>();
            for (PolicyDraft.FrequencyCap cap : p.frequencyCaps()) {
                caps.putIfAbsent(cap.ruleId(), cap);
            }
            Set<String> ruleIds = new HashSet<>();
            Set<String> divisionIds = new HashSet<>();
            for (PolicyDraft.Division d : p.divisions()) {
                divisionIds.add(d.divisionId());
            }

            divisions(p.divisions(), caps);

            count("frequency_caps", "frequency caps", p.frequencyCaps().size(), 0, MAX_FREQUENCY_CAPS);
            for (int i = 0; i < p.frequencyCaps().size(); i++) {
                String at = "frequency_caps[" + i + "]";
                PolicyDraft.FrequencyCap cap = p.frequencyCaps().get(i);
                ruleId(at, cap.ruleId(), ruleIds);
                frequencyCap(at, cap, divisionIds);
            }

            count("minimum_gaps", "minimum gaps", p.minimumGaps().size(), 0, MAX_MINIMUM_GAPS);
            for (int i = 0; i < p.minimumGaps().size(); i++) {
                String at = "minimum_gaps[" + i + "]";
                PolicyDraft.MinimumGap gap = p.minimumGaps().get(i);
                ruleId(at, gap.ruleId(), ruleIds);
                minimumGap(at, gap);
            }

            count("quiet_hours", "quiet hours rules", p.quietHours().size(), 0, MAX_QUIET_HOURS);
            for (int i = 0; i < p.quietHours().size(); i++) {
                String at = "quiet_hours[" + i + "]";
                PolicyDraft.QuietHours quiet = p.quietHours().get(i);
                ruleId(at, quiet.ruleId(), ruleIds);
                quietHours(at, quiet);
            }

            if (p.consent() != null) {
                consent("consent", p.consent());
            }
            if (p.fatigue() != null) {
                fatigue("fatigue", p.fatigue(), caps);
            }
        }

        // ----------------------------------------------------------------------------- divisions

        private void divisions(List<PolicyDraft.Division> divisions, Map<String, PolicyDraft.FrequencyCap> caps) {
            if (divisions.isEmpty()) {
                add("divisions", "at least one division is required");
            } else if (divisions.size() > MAX_DIVISIONS) {
                add("divisions", "at most " + MAX_DIVISIONS + " divisions are allowed, got " + divisions.size());
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < divisions.size(); i++) {
                PolicyDraft.Division d = divisions.get(i);
                String at = "divisions[" + i + "]";
                String id = d.divisionId();
                if (id.isEmpty()) {
                    add(at + ".division_id", "division_id is required");
                } else if (!DIVISION_ID.matcher(id).matches()) {
                    add(at + ".division_id", "division_id must be 1 to 40 characters of a-z, 0-9 and '-', got "
                            + quote(id));
                } else if (!seen.add(id)) {
                    add(at + ".division_id", "division_id " + quote(id) + " is listed more than once");
                }
                displayName(at + ".display_name", d.displayName());
                if (d.priority() < 1 || d.priority() > MAX_PRIORITY) {
                    add(at + ".priority", "priority must be from 1 to " + MAX_PRIORITY + ", got " + d.priority());
                }
                if (d.capShares().size() > MAX_CAP_SHARES) {
                    add(at + ".cap_shares", "at most " + MAX_CAP_SHARES + " cap shares are allowed, got "
                            + d.capShares().size());
                }
                Set<String> shared = new HashSet<>();
                for (int j = 0; j < d.capShares().size(); j++) {
                    capShare(at + ".cap_shares[" + j + "]", d.capShares().get(j), caps, shared);
                }
            }
        }

        private void capShare(String at, PolicyDraft.CapShare share, Map<String, PolicyDraft.FrequencyCap> caps,
                Set<String> shared) {
            String ruleId = share.ruleId();
            PolicyDraft.FrequencyCap cap = null;
            if (ruleId.isEmpty()) {
                add(at + ".rule_id", "rule_id is required");
            } else if (!shared.add(ruleId)) {
                add(at + ".rule_id", "the division already has a share of cap " + quote(ruleId));
            } else {
                cap = caps.get(ruleId);
                if (cap == null) {
                    add(at + ".rule_id", "rule_id " + quote(ruleId) + " does not name a frequency cap of this policy");
                } else if (!cap.scope().is(CapScope.GLOBAL) && !cap.scope().is(CapScope.CHANNEL)) {
                    add(at + ".rule_id", "cap " + quote(ruleId) + " has scope " + cap.scope()
                            + "; shares are only allowed of GLOBAL or CHANNEL caps");
                    cap = null;
                }
            }
            if (share.maxContacts() < 1) {
                add(at + ".max_contacts", "max_contacts must be at least 1, got " + share.maxContacts());
            } else if (cap != null && share.maxContacts() > cap.maxContacts()) {
                add(at + ".max_contacts", "max_contacts must not exceed the max_contacts of cap " + quote(ruleId)
                        + " (" + cap.maxContacts() + "), got " + share.maxContacts());
            }
        }

        // ----------------------------------------------------------------------------- rules

        private void ruleId(String at, String id, Set<String> seen) {
            if (id.isEmpty()) {
                add(at + ".rule_id", "rule_id is required");
            } else if (!RULE_ID.matcher(id).matches()) {
                add(at + ".rule_id", "rule_id must be 1 to 64 characters of a-z, 0-9 and '-', got " + quote(id));
            } else if (!seen.add(id)) {
                add(at + ".rule_id", "rule_id " + quote(id)
                        + " is already used by another rule; rule ids are unique across all rules of the policy");
            }
        }

        private void frequencyCap(String at, PolicyDraft.FrequencyCap cap, Set<String> divisionIds) {
            maxLength(at + ".description", "description", cap.description(), MAX_RULE_DESCRIPTION);
            Choice<CapScope> scope = cap.scope();
            if (scope.unspecified()) {
                add(at + ".scope", "scope is required");
            } else if (scope.unknown()) {
                add(at + ".scope", "scope " + scope.number() + " is not a known cap scope");
            }
            boolean known = scope.value() != null;

            // channel
            if (cap.channel().unknown()) {
                add(at + ".channel", "channel " + cap.channel().number() + " is not a known channel");
            } else if (known && !cap.channel().unspecified()
                    && !scope.is(CapScope.CHANNEL) && !scope.is(CapScope.DIVISION_CHANNEL)) {
                add(at + ".channel", "channel must be unspecified for scope " + scope + ", got " + cap.channel());
            }

            // division
            String divisionId = cap.divisionId();
            boolean divisionScope = scope.is(CapScope.DIVISION) || scope.is(CapScope.DIVISION_CHANNEL);
            if (!divisionId.isEmpty()) {
                if (divisionScope) {
                    if (!divisionIds.contains(divisionId)) {
                        add(at + ".division.id", "division " + quote(divisionId)
                                + " is not listed in the policy's divisions");
                    }
                } else if (known) {
                    add(at + ".division", "division must be unset for scope " + scope + ", got "
                            + quote(divisionId));
                }
            }

            // campaign_id
            String campaignId = cap.campaignId();
            if (!campaignId.isEmpty()) {
                if (known && !scope.is(CapScope.CAMPAIGN)) {
                    add(at + ".campaign_id", "campaign_id must be empty for scope " + scope + ", got "
                            + quote(campaignId));
                } else if (!CAMPAIGN_ID.matcher(campaignId).matches()) {
                    add(at + ".campaign_id", "campaign_id must be 1 to 128 characters of A-Z, a-z, 0-9, '.', '_', "
                            + "':' and '-', got " + quote(campaignId));
                }
            }

            if (cap.maxContacts() < 1) {
                add(at + ".max_contacts", "max_contacts must be at least 1, got " + cap.maxContacts());
            }
            window(at + ".window", cap.window());
            categories(at + ".categories", cap.categories(), true);
        }

        private void minimumGap(String at, PolicyDraft.MinimumGap gap) {
            maxLength(at + ".description", "description", gap.description(), MAX_RULE_DESCRIPTION);
            if (gap.channel().unknown()) {
                add(at + ".channel", "channel " + gap.channel().number() + " is not a known channel");
            }
            long seconds = gap.minGapSeconds();
            if (seconds < 1 || seconds > MAX_MIN_GAP_SECONDS) {
                add(at + ".min_gap_seconds", "min_gap_seconds must be from 1 to " + MAX_MIN_GAP_SECONDS
                        + " (365 days), got " + seconds);
            }
        }

        private void quietHours(String at, PolicyDraft.QuietHours quiet) {
            maxLength(at + ".description", "description", quiet.description(), MAX_RULE_DESCRIPTION);
            if (quiet.channel().unknown()) {
                add(at + ".channel", "channel " + quiet.channel().number() + " is not a known channel");
            }
            localTime(at + ".start_local_time", "start_local_time", quiet.startLocalTime());
            localTime(at + ".end_local_time", "end_local_time", quiet.endLocalTime());
            Set<DayOfWeek> days = new HashSet<>();
            for (int j = 0; j < quiet.days().size(); j++) {
                Choice<DayOfWeek> day = quiet.days().get(j);
                String dayPath = at + ".days[" + j + "]";
                if (day.unspecified()) {
                    add(dayPath, "days must not contain DAY_OF_WEEK_UNSPECIFIED");
                } else if (day.unknown()) {
                    add(dayPath, "day " + day.number() + " is not a known day of the week");
                } else if (!days.add(day.value())) {
                    add(dayPath, day + " is listed more than once");
                }
            }
            categories(at + ".categories", quiet.categories(), false);
        }

        private void localTime(String at, String name, String value) {
            if (value.isEmpty()) {
                add(at, name + " is required, as \"HH:MM\"");
            } else if (!LOCAL_TIME.matcher(value).matches()) {
                add(at, name + " must be a 24-hour local time \"HH:MM\" from 00:00 to 23:59, got " + quote(value));
            }
        }

        // ----------------------------------------------------------------------------- consent

        private void consent(String at, PolicyDraft.ConsentRules consent) {
            Set<String> pairs = new HashSet<>();
            for (int i = 0; i < consent.optInRequired().size(); i++) {
                PolicyDraft.OptIn req = consent.optInRequired().get(i);
                String reqPath = at + ".opt_in_required[" + i + "]";
                boolean ok = true;
                if (req.channel().unspecified()) {
                    add(reqPath + ".channel", "channel is required");
                    ok = false;
                } else if (req.channel().unknown()) {
                    add(reqPath + ".channel", "channel " + req.channel().number() + " is not a known channel");
                    ok = false;
                }
                if (req.purpose().unspecified()) {
                    add(reqPath + ".purpose", "purpose is required");
                    ok = false;
                } else if (req.purpose().unknown()) {
                    add(reqPath + ".purpose", "purpose " + req.purpose().number() + " is not a known consent purpose");
                    ok = false;
                }
                if (ok && !pairs.add(req.channel() + "/" + req.purpose())) {
                    add(reqPath, "the pair " + req.channel() + " and " + req.purpose() + " is listed more than once");
                }
            }
            for (int i = 0; i < consent.doNotContactCategories().size(); i++) {
                String catPath = at + ".do_not_contact_categories[" + i + "]";
                Choice<Category> c = consent.doNotContactCategories().get(i);
                if (c.unspecified()) {
                    add(catPath, "do_not_contact_categories must not contain CONTACT_CATEGORY_UNSPECIFIED");
                } else if (c.unknown()) {
                    add(catPath, "category " + c.number() + " is not a known category");
                } else if (c.is(Category.MANDATORY)) {
                    add(catPath, "CONTACT_CATEGORY_MANDATORY is never blocked by do-not-contact");
                }
            }
            for (int i = 0; i < consent.consentExemptCategories().size(); i++) {
                String catPath = at + ".consent_exempt_categories[" + i + "]";
                Choice<Category> c = consent.consentExemptCategories().get(i);
                if (!c.is(Category.SERVICE) && !c.is(Category.TRANSACTIONAL)) {
                    String got = c.unknown() ? String.valueOf(c.number()) : c.label();
                    add(catPath, "consent_exempt_categories may only contain CONTACT_CATEGORY_SERVICE or "
                            + "CONTACT_CATEGORY_TRANSACTIONAL, got " + got);
                }
            }
        }

        // ----------------------------------------------------------------------------- fatigue

        private void fatigue(String at, PolicyDraft.FatigueRules fatigue, Map<String, PolicyDraft.FrequencyCap> caps) {
            window(at + ".window", fatigue.window());
            long grace = fatigue.responseGraceSeconds();
            if (grace < 1 || grace > MAX_RESPONSE_GRACE_SECONDS) {
                add(at + ".response_grace_seconds", "response_grace_seconds must be from 1 to "
                        + MAX_RESPONSE_GRACE_SECONDS + " (30 days), got " + grace);
            }
            if (fatigue.halfLifeSeconds() < 0) {
                add(at + ".half_life_seconds", "half_life_seconds must be 0 or more, got " + fatigue.halfLifeSeconds());
            }
            categories(at + ".categories", fatigue.categories(), false);

            int n = fatigue.thresholds().size();
            if (n < 1) {
                add(at + ".thresholds", "at least one threshold is required");
            } else if (n > MAX_THRESHOLDS) {
                add(at + ".thresholds", "at most " + MAX_THRESHOLDS + " thresholds are allowed, got " + n);
            }
            Set<String> levels = new HashSet<>();
            for (int i = 0; i < n; i++) {
                PolicyDraft.Threshold t = fatigue.thresholds().get(i);
                String tPath = at + ".thresholds[" + i + "]";
                String level = t.levelId();
                if (level.isEmpty()) {
                    add(tPath + ".level_id", "level_id is required");
                } else if (!LEVEL_ID.matcher(level).matches()) {
                    add(tPath + ".level_id", "level_id must be 1 to 64 characters of a-z, 0-9 and '-', got "
                            + quote(level));
                } else if (!levels.add(level)) {
                    add(tPath + ".level_id", "level_id " + quote(level) + " is listed more than once");
                }
                double score = t.minScore();
                if (!(score > 0) || Double.isInfinite(score)) {
                    add(tPath + ".min_score", "min_score must be a number greater than 0, got " + score);
                } else if (i > 0) {
                    double previous = fatigue.thresholds().get(i - 1).minScore();
                    if (!(score > previous)) {
                        add(tPath + ".min_score", "min_score must be greater than the previous threshold's min_score ("
                                + previous + "), got " + score);
                    }
                }
                int pct = t.capReductionPercent();
                if (pct < 1 || pct > 100) {
                    add(tPath + ".cap_reduction_percent", "cap_reduction_percent must be from 1 to 100, got " + pct);
                }
                for (int j = 0; j < t.ruleIds().size(); j++) {
                    String ruleId = t.ruleIds().get(j);
                    if (!caps.containsKey(ruleId) || ruleId.isEmpty()) {
                        add(tPath + ".rule_ids[" + j + "]", "rule id " + quote(ruleId)
                                + " does not name a frequency cap of this policy");
                    }
                }
            }
        }

        // ----------------------------------------------------------------------------- shared

        private void window(String at, PolicyDraft.Window window) {
            if (window == null) {
                add(at, "window is required, with length at least 1 and unit set");
                return;
            }
            if (window.length() < 1) {
                add(at + ".length", "window length must be at least 1, got " + window.length());
            }
            Choice<ChronoUnit> unit = window.unit();
            if (unit.unspecified()) {
                add(at + ".unit", "window unit is required");
            } else if (unit.unknown()) {
                add(at + ".unit", "window unit " + unit.number() + " is not a known unit");
            }
        }

        /** No unspecified, no MANDATORY, no unknown value; duplicates refused when asked. */
        private void categories(String at, List<Choice<Category>> list, boolean rejectDuplicates) {
            Set<Category> seen = new HashSet<>();
            for (int j = 0; j < list.size(); j++) {
                Choice<Category> c = list.get(j);
                String catPath = at + "[" + j + "]";
                if (c.unspecified()) {
                    add(catPath, "categories must not contain CONTACT_CATEGORY_UNSPECIFIED");
                } else if (c.unknown()) {
                    add(catPath, "category " + c.number() + " is not a known category");
                } else if (c.is(Category.MANDATORY)) {
                    add(catPath, "CONTACT_CATEGORY_MANDATORY is not allowed: mandatory contacts are never "
                            + "limited by a rule");
                } else if (!seen.add(c.value()) && rejectDuplicates) {
                    add(catPath, c + " is listed more than once");
                }
            }
        }

        private void displayName(String at, String value) {
            int length = value.codePointCount(0, value.length());
            if (length == 0) {
                add(at, "display_name is required");
            } else if (length > MAX_DISPLAY_NAME) {
                add(at, "display_name must be at most " + MAX_DISPLAY_NAME + " characters, got " + length);
            }
        }

        private void maxLength(String at, String name, String value, int max) {
            int length = value.codePointCount(0, value.length());
            if (length > max) {
                add(at, name + " must be at most " + max + " characters, got " + length);
            }
        }

        private void count(String at, String what, int count, int min, int max) {
            if (count < min) {
                add(at, "at least " + min + " " + what + " required, got " + count);
            } else if (count > max) {
                add(at, "at most " + max + " " + what + " are allowed, got " + count);
            }
        }
    }

    /** The value in double quotes, shortened when very long. */
    private static String quote(String value) {
        String shown = value.length() > 80 ? value.substring(0, 77) + "..." : value;
        return "\"" + shown + "\"";
    }
}
