package io.crowsnest.contactgovernance.api;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.ConsentPurpose;
import io.crowsnest.common.v1.RollingWindow;
import io.crowsnest.common.v1.WindowUnit;
import io.crowsnest.contactgovernance.v1.CapScope;
import io.crowsnest.contactgovernance.v1.ConsentRules;
import io.crowsnest.contactgovernance.v1.DayOfWeek;
import io.crowsnest.contactgovernance.v1.Division;
import io.crowsnest.contactgovernance.v1.DivisionCapShare;
import io.crowsnest.contactgovernance.v1.FatigueRules;
import io.crowsnest.contactgovernance.v1.FatigueThreshold;
import io.crowsnest.contactgovernance.v1.FrequencyCap;
import io.crowsnest.contactgovernance.v1.MinimumGap;
import io.crowsnest.contactgovernance.v1.OptInRequirement;
import io.crowsnest.contactgovernance.v1.Policy;
import io.crowsnest.contactgovernance.v1.QuietHours;
import io.crowsnest.platform.grpc.GrpcErrors;

/**
 * Checks a {@link Policy} against the rules documented in policy.proto. Every problem is reported
 * as one field violation whose path starts with the given prefix and uses proto field names and
 * 0-based indexes, e.g. "policy.frequency_caps[2].max_contacts".
 */
public final class PolicyValidator {

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

    private PolicyValidator() {
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

    /** Adds one violation to {@code out} per problem found in {@code policy}. */
    public static void validate(Policy policy, String prefix, GrpcErrors.Violations out) {
        new Run(prefix, out).policy(policy);
    }

    /** One validation pass; holds the output and the prefix. */
    private static final class Run {

        private final String prefix;
        private final GrpcErrors.Violations out;

        Run(String prefix, GrpcErrors.Violations out) {
            this.prefix = prefix == null ? "" : prefix;
            this.out = out;
        }

        private String path(String field) {
            return prefix.isEmpty() ? field : prefix + "." + field;
        }

        private void add(String path, String description) {
            out.add(path, description);
        }

        void policy(Policy p) {
            // Top-level scalars.
            if (p.getPolicyId().isEmpty()) {
                add(path("policy_id"), "policy_id is required");
            } else if (!POLICY_ID.matcher(p.getPolicyId()).matches()) {
                add(path("policy_id"), "policy_id must be 1 to 64 characters of a-z, 0-9 and '-', got "
                        + quote(p.getPolicyId()));
            }
            displayName(path("display_name"), p.getDisplayName());
            maxLength(path("description"), "description", p.getDescription(), MAX_POLICY_DESCRIPTION);
            if (p.getDefaultTimeZone().isEmpty()) {
                add(path("default_time_zone"), "default_time_zone is required");
            } else if (!isTimeZone(p.getDefaultTimeZone())) {
                add(path("default_time_zone"), "default_time_zone must be a known IANA time zone such as "
                        + "\"Europe/Paris\", got " + quote(p.getDefaultTimeZone()));
            }

            // Rule ids across caps, gaps and quiet hours; caps by id for the references.
            Map<String, FrequencyCap> caps = new HashMap<>();
            for (FrequencyCap cap : p.getFrequencyCapsList()) {
                caps.putIfAbsent(cap.getRuleId(), cap);
            }
            Set<String> ruleIds = new HashSet<>();
            Set<String> divisionIds = new HashSet<>();
            for (Division d : p.getDivisionsList()) {
                divisionIds.add(d.getDivisionId());
            }

            divisions(p.getDivisionsList(), caps);

            count(path("frequency_caps"), "frequency caps", p.getFrequencyCapsCount(), 0, MAX_FREQUENCY_CAPS);
            for (int i = 0; i < p.getFrequencyCapsCount(); i++) {
                String at = path("frequency_caps[" + i + "]");
                FrequencyCap cap = p.getFrequencyCaps(i);
                ruleId(at, cap.getRuleId(), ruleIds);
                frequencyCap(at, cap, divisionIds);
            }

            count(path("minimum_gaps"), "minimum gaps", p.getMinimumGapsCount(), 0, MAX_MINIMUM_GAPS);
            for (int i = 0; i < p.getMinimumGapsCount(); i++) {
                String at = path("minimum_gaps[" + i + "]");
                MinimumGap gap = p.getMinimumGaps(i);
                ruleId(at, gap.getRuleId(), ruleIds);
                minimumGap(at, gap);
            }

            count(path("quiet_hours"), "quiet hours rules", p.getQuietHoursCount(), 0, MAX_QUIET_HOURS);
            for (int i = 0; i < p.getQuietHoursCount(); i++) {
                String at = path("quiet_hours[" + i + "]");
                QuietHours quiet = p.getQuietHours(i);
                ruleId(at, quiet.getRuleId(), ruleIds);
                quietHours(at, quiet);
            }

            if (p.hasConsent()) {
                consent(path("consent"), p.getConsent());
            }
            if (p.hasFatigue()) {
                fatigue(path("fatigue"), p.getFatigue(), caps);
            }
        }

        // ----------------------------------------------------------------------------- divisions

        private void divisions(List<Division> divisions, Map<String, FrequencyCap> caps) {
            if (divisions.isEmpty()) {
                add(path("divisions"), "at least one division is required");
            } else if (divisions.size() > MAX_DIVISIONS) {
                add(path("divisions"), "at most " + MAX_DIVISIONS + " divisions are allowed, got " + divisions.size());
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < divisions.size(); i++) {
                Division d = divisions.get(i);
                String at = path("divisions[" + i + "]");
                String id = d.getDivisionId();
                if (id.isEmpty()) {
                    add(at + ".division_id", "division_id is required");
                } else if (!DIVISION_ID.matcher(id).matches()) {
                    add(at + ".division_id", "division_id must be 1 to 40 characters of a-z, 0-9 and '-', got "
                            + quote(id));
                } else if (!seen.add(id)) {
                    add(at + ".division_id", "division_id " + quote(id) + " is listed more than once");
                }
                displayName(at + ".display_name", d.getDisplayName());
                if (d.getPriority() < 1 || d.getPriority() > MAX_PRIORITY) {
                    add(at + ".priority", "priority must be from 1 to " + MAX_PRIORITY + ", got " + d.getPriority());
                }
                if (d.getCapSharesCount() > MAX_CAP_SHARES) {
                    add(at + ".cap_shares", "at most " + MAX_CAP_SHARES + " cap shares are allowed, got "
                            + d.getCapSharesCount());
                }
                Set<String> shared = new HashSet<>();
                for (int j = 0; j < d.getCapSharesCount(); j++) {
                    capShare(at + ".cap_shares[" + j + "]", d.getCapShares(j), caps, shared);
                }
            }
        }

        private void capShare(String at, DivisionCapShare share, Map<String, FrequencyCap> caps, Set<String> shared) {
            String ruleId = share.getRuleId();
            FrequencyCap cap = null;
            if (ruleId.isEmpty()) {
                add(at + ".rule_id", "rule_id is required");
            } else if (!shared.add(ruleId)) {
                add(at + ".rule_id", "the division already has a share of cap " + quote(ruleId));
            } else {
                cap = caps.get(ruleId);
                if (cap == null) {
                    add(at + ".rule_id", "rule_id " + quote(ruleId) + " does not name a frequency cap of this policy");
                } else if (cap.getScope() != CapScope.CAP_SCOPE_GLOBAL && cap.getScope() != CapScope.CAP_SCOPE_CHANNEL) {
                    add(at + ".rule_id", "cap " + quote(ruleId) + " has scope " + cap.getScope()
                            + "; shares are only allowed of GLOBAL or CHANNEL caps");
                    cap = null;
                }
            }
            if (share.getMaxContacts() < 1) {
                add(at + ".max_contacts", "max_contacts must be at least 1, got " + share.getMaxContacts());
            } else if (cap != null && share.getMaxContacts() > cap.getMaxContacts()) {
                add(at + ".max_contacts", "max_contacts must not exceed the max_contacts of cap " + quote(ruleId)
                        + " (" + cap.getMaxContacts() + "), got " + share.getMaxContacts());
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

        private void frequencyCap(String at, FrequencyCap cap, Set<String> divisionIds) {
            maxLength(at + ".description", "description", cap.getDescription(), MAX_RULE_DESCRIPTION);
            CapScope scope = cap.getScope();
            if (scope == CapScope.CAP_SCOPE_UNSPECIFIED) {
                add(at + ".scope", "scope is required");
            } else if (scope == CapScope.UNRECOGNIZED) {
                add(at + ".scope", "scope " + cap.getScopeValue() + " is not a known cap scope");
            }
            boolean known = scope != CapScope.CAP_SCOPE_UNSPECIFIED && scope != CapScope.UNRECOGNIZED;

            // channel
            if (cap.getChannel() == Channel.UNRECOGNIZED) {
                add(at + ".channel", "channel " + cap.getChannelValue() + " is not a known channel");
            } else if (known && cap.getChannel() != Channel.CHANNEL_UNSPECIFIED
                    && scope != CapScope.CAP_SCOPE_CHANNEL && scope != CapScope.CAP_SCOPE_DIVISION_CHANNEL) {
                add(at + ".channel", "channel must be unspecified for scope " + scope + ", got " + cap.getChannel());
            }

            // division
            String divisionId = cap.hasDivision() ? cap.getDivision().getId() : "";
            boolean divisionScope = scope == CapScope.CAP_SCOPE_DIVISION || scope == CapScope.CAP_SCOPE_DIVISION_CHANNEL;
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
            String campaignId = cap.getCampaignId();
            if (!campaignId.isEmpty()) {
                if (known && scope != CapScope.CAP_SCOPE_CAMPAIGN) {
                    add(at + ".campaign_id", "campaign_id must be empty for scope " + scope + ", got "
                            + quote(campaignId));
                } else if (!CAMPAIGN_ID.matcher(campaignId).matches()) {
                    add(at + ".campaign_id", "campaign_id must be 1 to 128 characters of A-Z, a-z, 0-9, '.', '_', "
                            + "':' and '-', got " + quote(campaignId));
                }
            }

            if (cap.getMaxContacts() < 1) {
                add(at + ".max_contacts", "max_contacts must be at least 1, got " + cap.getMaxContacts());
            }
            window(at + ".window", cap.hasWindow(), cap.getWindow());
            categories(at + ".categories", cap.getCategoriesList(), cap.getCategoriesValueList(), true);
        }

        private void minimumGap(String at, MinimumGap gap) {
            maxLength(at + ".description", "description", gap.getDescription(), MAX_RULE_DESCRIPTION);
            if (gap.getChannel() == Channel.UNRECOGNIZED) {
                add(at + ".channel", "channel " + gap.getChannelValue() + " is not a known channel");
            }
            long seconds = gap.getMinGapSeconds();
            if (seconds < 1 || seconds > MAX_MIN_GAP_SECONDS) {
                add(at + ".min_gap_seconds", "min_gap_seconds must be from 1 to " + MAX_MIN_GAP_SECONDS
                        + " (365 days), got " + seconds);
            }
        }

        private void quietHours(String at, QuietHours quiet) {
            maxLength(at + ".description", "description", quiet.getDescription(), MAX_RULE_DESCRIPTION);
            if (quiet.getChannel() == Channel.UNRECOGNIZED) {
                add(at + ".channel", "channel " + quiet.getChannelValue() + " is not a known channel");
            }
            localTime(at + ".start_local_time", "start_local_time", quiet.getStartLocalTime());
            localTime(at + ".end_local_time", "end_local_time", quiet.getEndLocalTime());
            Set<DayOfWeek> days = new HashSet<>();
            for (int j = 0; j < quiet.getDaysCount(); j++) {
                DayOfWeek day = quiet.getDays(j);
                String dayPath = at + ".days[" + j + "]";
                if (day == DayOfWeek.DAY_OF_WEEK_UNSPECIFIED) {
                    add(dayPath, "days must not contain DAY_OF_WEEK_UNSPECIFIED");
                } else if (day == DayOfWeek.UNRECOGNIZED) {
                    add(dayPath, "day " + quiet.getDaysValue(j) + " is not a known day of the week");
                } else if (!days.add(day)) {
                    add(dayPath, day + " is listed more than once");
                }
            }
            categories(at + ".categories", quiet.getCategoriesList(), quiet.getCategoriesValueList(), false);
        }

        private void localTime(String at, String name, String value) {
            if (value.isEmpty()) {
                add(at, name + " is required, as \"HH:MM\"");
            } else if (!LOCAL_TIME.matcher(value).matches()) {
                add(at, name + " must be a 24-hour local time \"HH:MM\" from 00:00 to 23:59, got " + quote(value));
            }
        }

        // ----------------------------------------------------------------------------- consent

        private void consent(String at, ConsentRules consent) {
            Set<String> pairs = new HashSet<>();
            for (int i = 0; i < consent.getOptInRequiredCount(); i++) {
                OptInRequirement req = consent.getOptInRequired(i);
                String reqPath = at + ".opt_in_required[" + i + "]";
                boolean ok = true;
                if (req.getChannel() == Channel.CHANNEL_UNSPECIFIED) {
                    add(reqPath + ".channel", "channel is required");
                    ok = false;
                } else if (req.getChannel() == Channel.UNRECOGNIZED) {
                    add(reqPath + ".channel", "channel " + req.getChannelValue() + " is not a known channel");
                    ok = false;
                }
                if (req.getPurpose() == ConsentPurpose.CONSENT_PURPOSE_UNSPECIFIED) {
                    add(reqPath + ".purpose", "purpose is required");
                    ok = false;
                } else if (req.getPurpose() == ConsentPurpose.UNRECOGNIZED) {
                    add(reqPath + ".purpose", "purpose " + req.getPurposeValue() + " is not a known consent purpose");
                    ok = false;
                }
                if (ok && !pairs.add(req.getChannel() + "/" + req.getPurpose())) {
                    add(reqPath, "the pair " + req.getChannel() + " and " + req.getPurpose() + " is listed more than once");
                }
            }
            for (int i = 0; i < consent.getDoNotContactCategoriesCount(); i++) {
                String catPath = at + ".do_not_contact_categories[" + i + "]";
                ContactCategory c = consent.getDoNotContactCategories(i);
                if (c == ContactCategory.CONTACT_CATEGORY_UNSPECIFIED) {
                    add(catPath, "do_not_contact_categories must not contain CONTACT_CATEGORY_UNSPECIFIED");
                } else if (c == ContactCategory.UNRECOGNIZED) {
                    add(catPath, "category " + consent.getDoNotContactCategoriesValue(i) + " is not a known category");
                } else if (c == ContactCategory.CONTACT_CATEGORY_MANDATORY) {
                    add(catPath, "CONTACT_CATEGORY_MANDATORY is never blocked by do-not-contact");
                }
            }
            for (int i = 0; i < consent.getConsentExemptCategoriesCount(); i++) {
                String catPath = at + ".consent_exempt_categories[" + i + "]";
                ContactCategory c = consent.getConsentExemptCategories(i);
                if (c != ContactCategory.CONTACT_CATEGORY_SERVICE && c != ContactCategory.CONTACT_CATEGORY_TRANSACTIONAL) {
                    String got = c == ContactCategory.UNRECOGNIZED
                            ? String.valueOf(consent.getConsentExemptCategoriesValue(i)) : c.name();
                    add(catPath, "consent_exempt_categories may only contain CONTACT_CATEGORY_SERVICE or "
                            + "CONTACT_CATEGORY_TRANSACTIONAL, got " + got);
                }
            }
        }

        // ----------------------------------------------------------------------------- fatigue

        private void fatigue(String at, FatigueRules fatigue, Map<String, FrequencyCap> caps) {
            window(at + ".window", fatigue.hasWindow(), fatigue.getWindow());
            long grace = fatigue.getResponseGraceSeconds();
            if (grace < 1 || grace > MAX_RESPONSE_GRACE_SECONDS) {
                add(at + ".response_grace_seconds", "response_grace_seconds must be from 1 to "
                        + MAX_RESPONSE_GRACE_SECONDS + " (30 days), got " + grace);
            }
            if (fatigue.getHalfLifeSeconds() < 0) {
                add(at + ".half_life_seconds", "half_life_seconds must be 0 or more, got " + fatigue.getHalfLifeSeconds());
            }
            categories(at + ".categories", fatigue.getCategoriesList(), fatigue.getCategoriesValueList(), false);

            int n = fatigue.getThresholdsCount();
            if (n < 1) {
                add(at + ".thresholds", "at least one threshold is required");
            } else if (n > MAX_THRESHOLDS) {
                add(at + ".thresholds", "at most " + MAX_THRESHOLDS + " thresholds are allowed, got " + n);
            }
            Set<String> levels = new HashSet<>();
            for (int i = 0; i < n; i++) {
                FatigueThreshold t = fatigue.getThresholds(i);
                String tPath = at + ".thresholds[" + i + "]";
                String level = t.getLevelId();
                if (level.isEmpty()) {
                    add(tPath + ".level_id", "level_id is required");
                } else if (!LEVEL_ID.matcher(level).matches()) {
                    add(tPath + ".level_id", "level_id must be 1 to 64 characters of a-z, 0-9 and '-', got "
                            + quote(level));
                } else if (!levels.add(level)) {
                    add(tPath + ".level_id", "level_id " + quote(level) + " is listed more than once");
                }
                double score = t.getMinScore();
                if (!(score > 0) || Double.isInfinite(score)) {
                    add(tPath + ".min_score", "min_score must be a number greater than 0, got " + score);
                } else if (i > 0) {
                    double previous = fatigue.getThresholds(i - 1).getMinScore();
                    if (!(score > previous)) {
                        add(tPath + ".min_score", "min_score must be greater than the previous threshold's min_score ("
                                + previous + "), got " + score);
                    }
                }
                int pct = t.getCapReductionPercent();
                if (pct < 1 || pct > 100) {
                    add(tPath + ".cap_reduction_percent", "cap_reduction_percent must be from 1 to 100, got " + pct);
                }
                for (int j = 0; j < t.getRuleIdsCount(); j++) {
                    String ruleId = t.getRuleIds(j);
                    if (!caps.containsKey(ruleId) || ruleId.isEmpty()) {
                        add(tPath + ".rule_ids[" + j + "]", "rule id " + quote(ruleId)
                                + " does not name a frequency cap of this policy");
                    }
                }
            }
        }

        // ----------------------------------------------------------------------------- shared

        private void window(String at, boolean present, RollingWindow window) {
            if (!present) {
                add(at, "window is required, with length at least 1 and unit set");
                return;
            }
            if (window.getLength() < 1) {
                add(at + ".length", "window length must be at least 1, got " + window.getLength());
            }
            if (window.getUnit() == WindowUnit.WINDOW_UNIT_UNSPECIFIED) {
                add(at + ".unit", "window unit is required");
            } else if (window.getUnit() == WindowUnit.UNRECOGNIZED) {
                add(at + ".unit", "window unit " + window.getUnitValue() + " is not a known unit");
            }
        }

        /** No UNSPECIFIED, no MANDATORY, no unknown value; duplicates rejected when asked. */
        private void categories(String at, List<ContactCategory> list, List<Integer> values, boolean rejectDuplicates) {
            Set<ContactCategory> seen = new HashSet<>();
            for (int j = 0; j < list.size(); j++) {
                ContactCategory c = list.get(j);
                String catPath = at + "[" + j + "]";
                if (c == ContactCategory.CONTACT_CATEGORY_UNSPECIFIED) {
                    add(catPath, "categories must not contain CONTACT_CATEGORY_UNSPECIFIED");
                } else if (c == ContactCategory.UNRECOGNIZED) {
                    add(catPath, "category " + values.get(j) + " is not a known category");
                } else if (c == ContactCategory.CONTACT_CATEGORY_MANDATORY) {
                    add(catPath, "CONTACT_CATEGORY_MANDATORY is not allowed: mandatory contacts are never "
                            + "limited by a rule");
                } else if (!seen.add(c) && rejectDuplicates) {
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
