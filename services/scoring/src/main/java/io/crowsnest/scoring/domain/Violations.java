package io.crowsnest.scoring.domain;

import java.util.regex.Pattern;

/**
 * Where a rule set reports what is wrong with a draft, field by field (paths as in the request,
 * e.g. "plan.rules[2].points[0].score_name"); the adapter turns them into the request's field
 * violations, worded as for every other field.
 */
public interface Violations {

    void add(String field, String description);

    /** A violation with the contract's reason code. */
    void add(String field, String description, String reason);

    /** Required and matching the pattern; {@code rule} says the rule in words. */
    void pattern(String value, Pattern pattern, String field, String rule);

    /** Between min and max characters (code points); min 1 means required. */
    void length(String value, int min, int max, String field);
}
