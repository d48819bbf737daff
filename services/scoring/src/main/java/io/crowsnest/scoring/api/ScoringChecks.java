package io.crowsnest.scoring.api;

import java.util.List;
import java.util.regex.Pattern;

import io.crowsnest.platform.grpc.RequestChecks;

/**
 * The field checks only scoring's contract has (plan, segment and system ids, score names, the
 * actor of an admin change), recorded on the platform's {@link RequestChecks}, which holds the
 * checks every contract shares and throws them all together as INVALID_ARGUMENT.
 */
final class ScoringChecks {

    static final Pattern PLAN_ID = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    /** Segment and segmentation system ids follow the plan id rule. */
    static final Pattern SEGMENT_ID = PLAN_ID;
    static final Pattern SCORE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
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

    /** Who makes an admin change: 1 to 128 characters. */
    static void actor(RequestChecks checks, String value) {
        checks.length(value, 1, 128, "actor");
    }
}
