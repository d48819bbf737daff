package io.crowsnest.scoring.api;

import java.util.List;
import java.util.regex.Pattern;

import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.scoring.domain.PlanRules;
import io.crowsnest.scoring.domain.Violations;

/**
 * The field checks only scoring's contract has (plan, segment and system ids, score names, the
 * actor of an admin change), recorded on the platform's {@link RequestChecks}, which holds the
 * checks every contract shares and throws them all together as INVALID_ARGUMENT.
 */
final class ScoringChecks {

    static final Pattern PLAN_ID = PlanRules.PLAN_ID;
    /** Segment and segmentation system ids follow the plan id rule. */
    static final Pattern SEGMENT_ID = PLAN_ID;
    static final Pattern SCORE_NAME = PlanRules.SCORE_NAME;
    static final String ID_RULE = "[a-z][a-z0-9-]{0,63}";
    static final String SCORE_NAME_RULE = "[a-z][a-z0-9_]{0,63}";

    private ScoringChecks() {
    }

    /** A plan, segment or system id. */
    static void id(RequestChecks checks, String value, String field) {
        checks.pattern(value, PLAN_ID, field, ID_RULE);
    }

    /** Every id of a list (segment or system ids) well formed; field is the list's name. */
    static void ids(RequestChecks checks, List<String> values, String field) {
        for (int i = 0; i < values.size(); i++) {
            id(checks, values.get(i), field + "[" + i + "]");
        }
    }

    /** Every score name of a list well formed; field is the list's name. */
    static void scoreNames(RequestChecks checks, List<String> values, String field) {
        for (int i = 0; i < values.size(); i++) {
            checks.pattern(values.get(i), SCORE_NAME, field + "[" + i + "]", SCORE_NAME_RULE);
        }
    }

    /** The checks as a domain rule set reports into them. */
    static Violations violations(RequestChecks checks) {
        return new Violations() {
            @Override
            public void add(String field, String description) {
                checks.add(field, description);
            }

            @Override
            public void add(String field, String description, String reason) {
                checks.add(field, description, reason);
            }

            @Override
            public void pattern(String value, Pattern pattern, String field, String rule) {
                checks.pattern(value, pattern, field, rule);
            }

            @Override
            public void length(String value, int min, int max, String field) {
                checks.length(value, min, max, field);
            }
        };
    }

    /** Who makes an admin change: 1 to 128 characters. */
    static void actor(RequestChecks checks, String value) {
        checks.length(value, 1, 128, "actor");
    }
}
