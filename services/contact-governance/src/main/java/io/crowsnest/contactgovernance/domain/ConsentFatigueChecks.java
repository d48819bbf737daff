package io.crowsnest.contactgovernance.domain;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What makes a policy's consent rules (opt-in requirements, do-not-contact and exempt categories)
 * and fatigue rules (window, grace, thresholds and the caps they tighten) valid.
 */
final class ConsentFatigueChecks {

    private static final Pattern LEVEL_ID = Pattern.compile("[a-z0-9-]{1,64}");

    private ConsentFatigueChecks() {
    }

    static void consent(PolicyProblems p, String at, PolicyDraft.ConsentRules consent) {
        Set<String> pairs = new HashSet<>();
        for (int i = 0; i < consent.optInRequired().size(); i++) {
            PolicyDraft.OptIn req = consent.optInRequired().get(i);
            String reqPath = at + ".opt_in_required[" + i + "]";
            boolean ok = true;
            if (req.channel().unspecified()) {
                p.add(reqPath + ".channel", "channel is required");
                ok = false;
            } else if (req.channel().unknown()) {
                p.add(reqPath + ".channel", "channel " + req.channel().number() + " is not a known channel");
                ok = false;
            }
            if (req.purpose().unspecified()) {
                p.add(reqPath + ".purpose", "purpose is required");
                ok = false;
            } else if (req.purpose().unknown()) {
                p.add(reqPath + ".purpose", "purpose " + req.purpose().number() + " is not a known consent purpose");
                ok = false;
            }
            if (ok && !pairs.add(req.channel() + "/" + req.purpose())) {
                p.add(reqPath, "the pair " + req.channel() + " and " + req.purpose() + " is listed more than once");
            }
        }
        for (int i = 0; i < consent.doNotContactCategories().size(); i++) {
            String catPath = at + ".do_not_contact_categories[" + i + "]";
            Choice<Category> c = consent.doNotContactCategories().get(i);
            if (c.unspecified()) {
                p.add(catPath, "do_not_contact_categories must not contain CONTACT_CATEGORY_UNSPECIFIED");
            } else if (c.unknown()) {
                p.add(catPath, "category " + c.number() + " is not a known category");
            } else if (c.is(Category.MANDATORY)) {
                p.add(catPath, "CONTACT_CATEGORY_MANDATORY is never blocked by do-not-contact");
            }
        }
        for (int i = 0; i < consent.consentExemptCategories().size(); i++) {
            String catPath = at + ".consent_exempt_categories[" + i + "]";
            Choice<Category> c = consent.consentExemptCategories().get(i);
            if (!c.is(Category.SERVICE) && !c.is(Category.TRANSACTIONAL)) {
                String got = c.unknown() ? String.valueOf(c.number()) : c.label();
                p.add(catPath, "consent_exempt_categories may only contain CONTACT_CATEGORY_SERVICE or "
                        + "CONTACT_CATEGORY_TRANSACTIONAL, got " + got);
            }
        }
    }

    static void fatigue(PolicyProblems p, String at, PolicyDraft.FatigueRules fatigue,
            Map<String, PolicyDraft.FrequencyCap> caps) {
        p.window(at + ".window", fatigue.window());
        long grace = fatigue.responseGraceSeconds();
        if (grace < 1 || grace > PolicyRules.MAX_RESPONSE_GRACE_SECONDS) {
            p.add(at + ".response_grace_seconds", "response_grace_seconds must be from 1 to "
                    + PolicyRules.MAX_RESPONSE_GRACE_SECONDS + " (30 days), got " + grace);
        }
        if (fatigue.halfLifeSeconds() < 0) {
            p.add(at + ".half_life_seconds", "half_life_seconds must be 0 or more, got " + fatigue.halfLifeSeconds());
        }
        p.categories(at + ".categories", fatigue.categories(), false);

        int n = fatigue.thresholds().size();
        if (n < 1) {
            p.add(at + ".thresholds", "at least one threshold is required");
        } else if (n > PolicyRules.MAX_THRESHOLDS) {
            p.add(at + ".thresholds", "at most " + PolicyRules.MAX_THRESHOLDS + " thresholds are allowed, got " + n);
        }
        Set<String> levels = new HashSet<>();
        for (int i = 0; i < n; i++) {
            PolicyDraft.Threshold t = fatigue.thresholds().get(i);
            String tPath = at + ".thresholds[" + i + "]";
            String level = t.levelId();
            if (level.isEmpty()) {
                p.add(tPath + ".level_id", "level_id is required");
            } else if (!LEVEL_ID.matcher(level).matches()) {
                p.add(tPath + ".level_id", "level_id must be 1 to 64 characters of a-z, 0-9 and '-', got "
                        + PolicyProblems.quote(level));
            } else if (!levels.add(level)) {
                p.add(tPath + ".level_id", "level_id " + PolicyProblems.quote(level) + " is listed more than once");
            }
            double score = t.minScore();
            if (!(score > 0) || Double.isInfinite(score)) {
                p.add(tPath + ".min_score", "min_score must be a number greater than 0, got " + score);
            } else if (i > 0) {
                double previous = fatigue.thresholds().get(i - 1).minScore();
                if (!(score > previous)) {
                    p.add(tPath + ".min_score", "min_score must be greater than the previous threshold's min_score ("
                            + previous + "), got " + score);
                }
            }
            int pct = t.capReductionPercent();
            if (pct < 1 || pct > 100) {
                p.add(tPath + ".cap_reduction_percent", "cap_reduction_percent must be from 1 to 100, got " + pct);
            }
            for (int j = 0; j < t.ruleIds().size(); j++) {
                String ruleId = t.ruleIds().get(j);
                if (!caps.containsKey(ruleId) || ruleId.isEmpty()) {
                    p.add(tPath + ".rule_ids[" + j + "]", "rule id " + PolicyProblems.quote(ruleId)
                            + " does not name a frequency cap of this policy");
                }
            }
        }
    }
}
