package io.crowsnest.decisioning.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The bad fields of one input, gathered in the order they are found and thrown together as a
 * {@link FieldProblem} (INVALID_ARGUMENT, one violation per bad field, paths as in the request),
 * with the shapes of decisioning's identifiers.
 */
public final class FieldChecks {

    public static final Pattern ACTION_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    public static final Pattern ACTOR = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    public static final Pattern DIVISION_ID = Pattern.compile("[a-z0-9-]{1,40}");
    public static final Pattern SIMPLE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    public static final Pattern REASON_CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    public static final Pattern DECISION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    public static final Pattern CAMPAIGN_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final List<FieldProblem.Violation> violations = new ArrayList<>();

    public FieldChecks add(String field, String description) {
        violations.add(new FieldProblem.Violation(field, description));
        return this;
    }

    public boolean isEmpty() {
        return violations.isEmpty();
    }

    public List<FieldProblem.Violation> violations() {
        return List.copyOf(violations);
    }

    /** Throws the violations gathered, if any, as one FieldProblem. */
    public void throwIfAny() {
        if (!violations.isEmpty()) {
            throw new FieldProblem(violations);
        }
    }

    /** Required and of the pattern; {@code what} names the shape, e.g. "a division id ([a-z0-9-]{1,40})". */
    public void matches(String value, Pattern pattern, String field, String what) {
        if (value.isEmpty()) {
            add(field, "is required: " + what);
        } else if (!pattern.matcher(value).matches()) {
            add(field, "'" + abbreviate(value) + "' is not " + what);
        }
    }

    /** At most {@code max} characters (code points). */
    public void length(String value, int max, String field) {
        if (value.codePointCount(0, value.length()) > max) {
            add(field, "is longer than " + max + " characters");
        }
    }

    /** A value cut to 40 characters for quoting in a description. */
    public static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
