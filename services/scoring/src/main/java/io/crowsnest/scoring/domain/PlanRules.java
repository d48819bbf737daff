package io.crowsnest.scoring.domain;

import java.util.Currency;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.re2j.PatternSyntaxException;

/**
 * What makes a scoring plan valid, on the plan as written ({@link PlanDraft}): ids and names well
 * formed and unique, 1 to 50 scores with a range and a half-life, at most 500 rules awarding
 * points on the plan's own scores, event conditions that can match (patterns that compile, ranges
 * in order, operands fit for their operator), caps over a rolling window, and a value model whose
 * tiers go from most to least profitable and whose churn weights name known inputs. Every problem
 * is reported on its field path.
 */
public final class PlanRules {

    public static final Pattern PLAN_ID = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    public static final Pattern SCORE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    public static final Pattern RULE_ID = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    public static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9_.]{0,63}");
    public static final Pattern SOURCE = Pattern.compile("[a-z0-9-]{1,64}");
    public static final Pattern PROPERTY_PATH = Pattern.compile("[a-z][a-z0-9_]{0,63}(\\.[a-z][a-z0-9_]{0,63})*");
    private static final Pattern TIER_ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final double MAX_POINTS = 1_000_000;

    private PlanRules() {
    }

    /** @param knownScores score names churn weights may use: this plan's and the active plans' */
    public static void check(PlanDraft plan, String path, Set<String> knownScores, Violations v) {
        v.pattern(plan.planId(), PLAN_ID, path + ".plan_id", "[a-z][a-z0-9-]{0,63}");
        v.length(plan.displayName(), 1, 128, path + ".display_name");
        v.length(plan.description(), 0, 2048, path + ".description");
        if (plan.scores().size() < 1 || plan.scores().size() > 50) {
            v.add(path + ".scores", "must define 1 to 50 scores, got " + plan.scores().size());
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < plan.scores().size(); i++) {
            score(plan.scores().get(i), path + ".scores[" + i + "]", names, v);
        }
        if (plan.rules().size() > 500) {
            v.add(path + ".rules", "must hold at most 500 rules, got " + plan.rules().size());
        }
        Set<String> ruleIds = new HashSet<>();
        for (int i = 0; i < plan.rules().size(); i++) {
            rule(plan.rules().get(i), path + ".rules[" + i + "]", names, ruleIds, v);
        }
        if (plan.valueModel() != null) {
            ValueModelRules.check(plan.valueModel(), path + ".value_model", knownScores, v);
        }
    }

    private static void score(PlanDraft.Score score, String path, Set<String> names, Violations v) {
        v.pattern(score.name(), SCORE_NAME, path + ".name", "[a-z][a-z0-9_]{0,63}");
        if (!score.name().isEmpty() && !names.add(score.name())) {
            v.add(path + ".name", "score '" + score.name() + "' is defined twice");
        }
        v.length(score.description(), 0, 1024, path + ".description");
        if (score.halfLifeSeconds() < 0) {
            v.add(path + ".half_life_seconds", "must be 0 (no decay) or positive, got " + score.halfLifeSeconds(),
                    "HALF_LIFE_NEGATIVE");
        }
        if (!Double.isFinite(score.minValue()) || !Double.isFinite(score.maxValue())) {
            v.add(path + ".max_value", "min_value and max_value must be finite numbers");
        } else if (score.maxValue() <= score.minValue()) {
            v.add(path + ".max_value", "must be greater than min_value " + score.minValue() + ", got "
                    + score.maxValue());
        }
    }

    private static void rule(PlanDraft.RuleDraft rule, String path, Set<String> scores, Set<String> ruleIds,
            Violations v) {
        v.pattern(rule.ruleId(), RULE_ID, path + ".rule_id", "[a-z][a-z0-9_-]{0,63}");
        if (!rule.ruleId().isEmpty() && !ruleIds.add(rule.ruleId())) {
            v.add(path + ".rule_id", "rule '" + rule.ruleId() + "' is defined twice");
        }
        v.length(rule.description(), 1, 256, path + ".description");
        if (rule.condition() != null) {
            condition(rule.condition(), path + ".condition", v);
        }
        if (rule.points().size() < 1 || rule.points().size() > 20) {
            v.add(path + ".points", "must award points on 1 to 20 scores, got " + rule.points().size());
        }
        Set<String> awarded = new HashSet<>();
        for (int i = 0; i < rule.points().size(); i++) {
            PlanDraft.Points points = rule.points().get(i);
            String at = path + ".points[" + i + "]";
            if (!scores.contains(points.scoreName())) {
                v.add(at + ".score_name", points.scoreName().isEmpty() ? "is required"
                        : "names no score of this plan: '" + points.scoreName() + "'");
            } else if (!awarded.add(points.scoreName())) {
                v.add(at + ".score_name", "score '" + points.scoreName() + "' is awarded twice by this rule");
            }
            if (points.points() == 0 || !Double.isFinite(points.points()) || Math.abs(points.points()) > MAX_POINTS) {
                v.add(at + ".points", "must be non-zero and at most 1,000,000 in absolute value, got "
                        + points.points());
            }
        }
        if (rule.cap() != null) {
            if (rule.cap().maxApplications() < 1) {
                v.add(path + ".cap.max_applications", "must be at least 1, got " + rule.cap().maxApplications());
            }
            window(rule.cap().window(), path + ".cap.window", v);
        }
    }

    private static void condition(PlanDraft.Condition c, String path, Violations v) {
        for (int i = 0; i < c.eventTypes().size(); i++) {
            v.pattern(c.eventTypes().get(i), EVENT_TYPE, path + ".event_types[" + i + "]", "[a-z][a-z0-9_.]{0,63}");
        }
        for (int i = 0; i < c.channels().size(); i++) {
            if (c.channels().get(i) == null) {
                v.add(path + ".channels[" + i + "]", "must name a channel");
            }
        }
        for (int i = 0; i < c.sources().size(); i++) {
            v.pattern(c.sources().get(i), SOURCE, path + ".sources[" + i + "]", "[a-z0-9-]{1,64}");
        }
        if (c.referrerPattern().length() > 512) {
            v.add(path + ".referrer_pattern", "must be at most 512 characters");
        } else {
            re2(c.referrerPattern(), path + ".referrer_pattern", v);
        }
        range(c.minPageDepth(), c.maxPageDepth(), path, "page_depth", v);
        range(c.minTimeOnPageSeconds(), c.maxTimeOnPageSeconds(), path, "time_on_page_seconds", v);
        if (c.properties().size() > 20) {
            v.add(path + ".properties", "must hold at most 20 conditions, got " + c.properties().size());
        }
        for (int i = 0; i < c.properties().size(); i++) {
            property(c.properties().get(i), path + ".properties[" + i + "]", v);
        }
        if (c.minPurchaseCurrency() != null) {
            currency(c.minPurchaseCurrency(), path + ".min_purchase_amount.currency_code", v);
        }
    }

    private static void range(int min, int max, String path, String name, Violations v) {
        if (min < 0) {
            v.add(path + ".min_" + name, "must not be negative, got " + min);
        }
        if (max < 0 || max != 0 && max < min) {
            v.add(path + ".max_" + name, "must be 0 (no maximum) or at least min_" + name + " " + min + ", got "
                    + max);
        }
    }

    private static void property(PlanDraft.Property p, String path, Violations v) {
        v.pattern(p.key(), PROPERTY_PATH, path + ".key", "a property key or dotted path of keys "
                + "[a-z][a-z0-9_]{0,63}");
        PlanDraft.JsonKind kind = p.operand();
        String field = path + ".value";
        if (p.operator() == null) {
            v.add(path + ".operator", "must name an operator");
            return;
        }
        switch (p.operator()) {
            case EXISTS -> {
                // the operand is unused
            }
            case EQUALS, NOT_EQUALS -> {
                if (kind == PlanDraft.JsonKind.NOTHING) {
                    v.add(field, "is required: the JSON value to compare with");
                }
            }
            case GREATER_THAN, GREATER_THAN_OR_EQUAL, LESS_THAN, LESS_THAN_OR_EQUAL -> {
                if (kind != PlanDraft.JsonKind.NUMBER) {
                    v.add(field, "must be a number for PROPERTY_OPERATOR_" + p.operator().name() + ", got "
                            + kind.words());
                }
            }
            case CONTAINS -> {
                if (kind == PlanDraft.JsonKind.NOTHING || kind == PlanDraft.JsonKind.NULL) {
                    v.add(field, "must be the string or element to look for, got " + kind.words());
                }
            }
            case MATCHES -> {
                if (kind != PlanDraft.JsonKind.STRING) {
                    v.add(field, "must be a string holding an RE2 expression, got " + kind.words());
                } else if (p.text().isEmpty()) {
                    v.add(field, "must be a non-empty RE2 expression");
                } else {
                    re2(p.text(), field, v);
                }
            }
            case IN -> {
                if (kind != PlanDraft.JsonKind.LIST) {
                    v.add(field, "must be a list of the accepted values for IN, got " + kind.words());
                }
            }
        }
    }

    private static void re2(String pattern, String field, Violations v) {
        try {
            com.google.re2j.Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            v.add(field, "is not a valid RE2 expression: " + e.getDescription());
        }
    }

    /** A rolling window (null: left out): a length of at least 1 in hours, days, weeks or months. */
    static void window(PlanDraft.Window window, String path, Violations v) {
        if (window == null) {
            v.add(path, "is required: a length and a unit");
            return;
        }
        if (window.length() < 1) {
            v.add(path + ".length", "must be at least 1, got " + window.length());
        }
        if (window.unit() == null) {
            v.add(path + ".unit", "must be HOURS, DAYS, WEEKS or MONTHS");
        }
    }

    /** Whether the code is an ISO 4217 currency code. */
    public static boolean isCurrency(String code) {
        if (!code.matches("[A-Z]{3}")) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** An ISO 4217 currency code, required. */
    public static void currency(String code, String field, Violations v) {
        if (!isCurrency(code)) {
            v.add(field, code.isEmpty() ? "is required" : "is not an ISO 4217 currency code: '" + code + "'");
        }
    }
}
