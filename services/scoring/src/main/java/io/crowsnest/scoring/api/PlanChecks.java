package io.crowsnest.scoring.api;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.protobuf.Value;
import com.google.re2j.PatternSyntaxException;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.scoring.v1.EventCondition;
import io.crowsnest.scoring.v1.PropertyCondition;
import io.crowsnest.scoring.v1.RuleCap;
import io.crowsnest.scoring.v1.ScoreDefinition;
import io.crowsnest.scoring.v1.ScorePoints;
import io.crowsnest.scoring.v1.ScoringPlan;
import io.crowsnest.scoring.v1.ScoringRule;

/** Checks a scoring plan and reports every problem with its field path ("plan.rules[2].points[0].score_name"). */
final class PlanChecks {

    static final Pattern RULE_ID = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9_.]{0,63}");
    static final Pattern SOURCE = Pattern.compile("[a-z0-9-]{1,64}");
    static final Pattern PROPERTY_PATH = Pattern.compile("[a-z][a-z0-9_]{0,63}(\\.[a-z][a-z0-9_]{0,63})*");
    private static final double MAX_POINTS = 1_000_000;

    private PlanChecks() {
    }

    /** @param knownScores score names churn weights may use: this plan's and the active plans' */
    static void validate(ScoringPlan plan, String path, RequestChecks checks, Set<String> knownScores) {
        checks.pattern(plan.getPlanId(), ScoringChecks.PLAN_ID, path + ".plan_id", "[a-z][a-z0-9-]{0,63}");
        checks.length(plan.getDisplayName(), 1, 128, path + ".display_name");
        checks.length(plan.getDescription(), 0, 2048, path + ".description");
        if (plan.getScoresCount() < 1 || plan.getScoresCount() > 50) {
            checks.add(path + ".scores", "must define 1 to 50 scores, got " + plan.getScoresCount());
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < plan.getScoresCount(); i++) {
            score(plan.getScores(i), path + ".scores[" + i + "]", names, checks);
        }
        if (plan.getRulesCount() > 500) {
            checks.add(path + ".rules", "must hold at most 500 rules, got " + plan.getRulesCount());
        }
        Set<String> ruleIds = new HashSet<>();
        for (int i = 0; i < plan.getRulesCount(); i++) {
            rule(plan.getRules(i), path + ".rules[" + i + "]", names, ruleIds, checks);
        }
        if (plan.hasValueModel()) {
            ValueModelChecks.validate(plan.getValueModel(), path + ".value_model", knownScores, checks);
        }
    }

    private static void score(ScoreDefinition score, String path, Set<String> names, RequestChecks checks) {
        checks.pattern(score.getName(), ScoringChecks.SCORE_NAME, path + ".name", "[a-z][a-z0-9_]{0,63}");
        if (!score.getName().isEmpty() && !names.add(score.getName())) {
            checks.add(path + ".name", "score '" + score.getName() + "' is defined twice");
        }
        checks.length(score.getDescription(), 0, 1024, path + ".description");
        if (score.getHalfLifeSeconds() < 0) {
            checks.add(path + ".half_life_seconds", "must be 0 (no decay) or positive, got "
                    + score.getHalfLifeSeconds(), "HALF_LIFE_NEGATIVE");
        }
        if (!Double.isFinite(score.getMinValue()) || !Double.isFinite(score.getMaxValue())) {
            checks.add(path + ".max_value", "min_value and max_value must be finite numbers");
        } else if (score.getMaxValue() <= score.getMinValue()) {
            checks.add(path + ".max_value", "must be greater than min_value " + score.getMinValue() + ", got "
                    + score.getMaxValue());
        }
    }

    private static void rule(ScoringRule rule, String path, Set<String> scores, Set<String> ruleIds, RequestChecks checks) {
        checks.pattern(rule.getRuleId(), RULE_ID, path + ".rule_id", "[a-z][a-z0-9_-]{0,63}");
        if (!rule.getRuleId().isEmpty() && !ruleIds.add(rule.getRuleId())) {
            checks.add(path + ".rule_id", "rule '" + rule.getRuleId() + "' is defined twice");
        }
        checks.length(rule.getDescription(), 1, 256, path + ".description");
        condition(rule.getCondition(), path + ".condition", checks);
        if (rule.getPointsCount() < 1 || rule.getPointsCount() > 20) {
            checks.add(path + ".points", "must award points on 1 to 20 scores, got " + rule.getPointsCount());
        }
        Set<String> awarded = new HashSet<>();
        for (int i = 0; i < rule.getPointsCount(); i++) {
            ScorePoints points = rule.getPoints(i);
            String at = path + ".points[" + i + "]";
            if (!scores.contains(points.getScoreName())) {
                checks.add(at + ".score_name", points.getScoreName().isEmpty() ? "is required"
                        : "names no score of this plan: '" + points.getScoreName() + "'");
            } else if (!awarded.add(points.getScoreName())) {
                checks.add(at + ".score_name", "score '" + points.getScoreName() + "' is awarded twice by this rule");
            }
            if (points.getPoints() == 0 || !Double.isFinite(points.getPoints())
                    || Math.abs(points.getPoints()) > MAX_POINTS) {
                checks.add(at + ".points", "must be non-zero and at most 1,000,000 in absolute value, got "
                        + points.getPoints());
            }
        }
        if (rule.hasCap()) {
            cap(rule.getCap(), path + ".cap", checks);
        }
    }

    private static void cap(RuleCap cap, String path, RequestChecks checks) {
        if (cap.getMaxApplications() < 1) {
            checks.add(path + ".max_applications", "must be at least 1, got " + cap.getMaxApplications());
        }
        WindowChecks.check(cap.getWindow(), cap.hasWindow(), path + ".window", checks);
    }

    private static void condition(EventCondition c, String path, RequestChecks checks) {
        for (int i = 0; i < c.getEventTypesCount(); i++) {
            checks.pattern(c.getEventTypes(i), EVENT_TYPE, path + ".event_types[" + i + "]", "[a-z][a-z0-9_.]{0,63}");
        }
        for (int i = 0; i < c.getChannelsCount(); i++) {
            if (c.getChannels(i) == Channel.CHANNEL_UNSPECIFIED || c.getChannels(i) == Channel.UNRECOGNIZED) {
                checks.add(path + ".channels[" + i + "]", "must name a channel");
            }
        }
        for (int i = 0; i < c.getSourcesCount(); i++) {
            checks.pattern(c.getSources(i), SOURCE, path + ".sources[" + i + "]", "[a-z0-9-]{1,64}");
        }
        if (c.getReferrerPattern().length() > 512) {
            checks.add(path + ".referrer_pattern", "must be at most 512 characters");
        } else {
            re2(c.getReferrerPattern(), path + ".referrer_pattern", checks);
        }
        range(c.getMinPageDepth(), c.getMaxPageDepth(), path, "page_depth", checks);
        range(c.getMinTimeOnPageSeconds(), c.getMaxTimeOnPageSeconds(), path, "time_on_page_seconds", checks);
        if (c.getPropertiesCount() > 20) {
            checks.add(path + ".properties", "must hold at most 20 conditions, got " + c.getPropertiesCount());
        }
        for (int i = 0; i < c.getPropertiesCount(); i++) {
            property(c.getProperties(i), path + ".properties[" + i + "]", checks);
        }
        if (c.hasMinPurchaseAmount()) {
            WindowChecks.currency(c.getMinPurchaseAmount().getCurrencyCode(), path + ".min_purchase_amount.currency_code",
                    checks);
        }
    }

    private static void range(int min, int max, String path, String name, RequestChecks checks) {
        if (min < 0) {
            checks.add(path + ".min_" + name, "must not be negative, got " + min);
        }
        if (max < 0 || max != 0 && max < min) {
            checks.add(path + ".max_" + name, "must be 0 (no maximum) or at least min_" + name + " " + min
                    + ", got " + max);
        }
    }

    private static void property(PropertyCondition p, String path, RequestChecks checks) {
        checks.pattern(p.getKey(), PROPERTY_PATH, path + ".key", "a property key or dotted path of keys "
                + "[a-z][a-z0-9_]{0,63}");
        Value.KindCase kind = p.getValue().getKindCase();
        String field = path + ".value";
        switch (p.getOperator()) {
            case PROPERTY_OPERATOR_EXISTS -> {
                // the operand is unused
            }
            case PROPERTY_OPERATOR_EQUALS, PROPERTY_OPERATOR_NOT_EQUALS -> {
                if (kind == Value.KindCase.KIND_NOT_SET) {
                    checks.add(field, "is required: the JSON value to compare with");
                }
            }
            case PROPERTY_OPERATOR_GREATER_THAN, PROPERTY_OPERATOR_GREATER_THAN_OR_EQUAL,
                    PROPERTY_OPERATOR_LESS_THAN, PROPERTY_OPERATOR_LESS_THAN_OR_EQUAL -> {
                if (kind != Value.KindCase.NUMBER_VALUE) {
                    checks.add(field, "must be a number for " + p.getOperator().name() + ", got " + kindName(kind));
                }
            }
            case PROPERTY_OPERATOR_CONTAINS -> {
                if (kind == Value.KindCase.KIND_NOT_SET || kind == Value.KindCase.NULL_VALUE) {
                    checks.add(field, "must be the string or element to look for, got " + kindName(kind));
                }
            }
            case PROPERTY_OPERATOR_MATCHES -> {
                if (kind != Value.KindCase.STRING_VALUE) {
                    checks.add(field, "must be a string holding an RE2 expression, got " + kindName(kind));
                } else if (p.getValue().getStringValue().isEmpty()) {
                    checks.add(field, "must be a non-empty RE2 expression");
                } else {
                    re2(p.getValue().getStringValue(), field, checks);
                }
            }
            case PROPERTY_OPERATOR_IN -> {
                if (kind != Value.KindCase.LIST_VALUE) {
                    checks.add(field, "must be a list of the accepted values for IN, got " + kindName(kind));
                }
            }
            default -> checks.add(path + ".operator", "must name an operator");
        }
    }

    private static void re2(String pattern, String field, RequestChecks checks) {
        try {
            com.google.re2j.Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            checks.add(field, "is not a valid RE2 expression: " + e.getDescription());
        }
    }

    private static String kindName(Value.KindCase kind) {
        return switch (kind) {
            case KIND_NOT_SET -> "nothing";
            case NULL_VALUE -> "null";
            case NUMBER_VALUE -> "a number";
            case STRING_VALUE -> "a string";
            case BOOL_VALUE -> "a boolean";
            case STRUCT_VALUE -> "an object";
            case LIST_VALUE -> "a list";
        };
    }
}
