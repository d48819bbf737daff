package io.crowsnest.profile.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules on an answer (plain Java): a string of 1 to 2,000 characters, a finite number, a bool,
 * or a multiple choice — a list of at least one such string.
 */
public final class AnswerRules {

    public static final int MAX_TEXT = 2000;

    private AnswerRules() {
    }

    /** Every broken rule of the answer at {@code field}; {@code given} is false when the request had none. */
    public static List<PropertyRules.Problem> check(Object answer, boolean given, String field) {
        List<PropertyRules.Problem> problems = new ArrayList<>();
        if (answer instanceof String text) {
            text(text, field, problems);
        } else if (answer instanceof Double number) {
            if (!Double.isFinite(number)) {
                problems.add(new PropertyRules.Problem(field, "must be a finite number"));
            }
        } else if (answer instanceof List<?> choices) {
            if (choices.isEmpty()) {
                problems.add(new PropertyRules.Problem(field, "a multiple choice lists at least one choice"));
            }
            for (int i = 0; i < choices.size(); i++) {
                if (choices.get(i) instanceof String choice) {
                    text(choice, field + "[" + i + "]", problems);
                } else {
                    problems.add(new PropertyRules.Problem(field + "[" + i + "]",
                            "a multiple choice is a list of strings"));
                }
            }
        } else if (!(answer instanceof Boolean)) {
            problems.add(new PropertyRules.Problem(field,
                    given ? "must be a string, a number, a bool or a list of strings" : "is required"));
        }
        return problems;
    }

    private static void text(String text, String field, List<PropertyRules.Problem> problems) {
        if (text.isEmpty() || text.length() > MAX_TEXT) {
            problems.add(new PropertyRules.Problem(field,
                    text.isEmpty() ? "is required" : "must be at most " + MAX_TEXT + " characters"));
        }
    }
}
