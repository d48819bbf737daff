package io.crowsnest.contactgovernance.domain;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The problems one check of a policy found, and the field checks every part of a policy shares
 * (windows, category lists, names, lengths, counts, local times). {@link PolicyRules} runs the
 * check; {@link LimitRuleChecks} and {@link ConsentFatigueChecks} check their parts into it.
 */
final class PolicyProblems {

    private static final Pattern LOCAL_TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");

    private final List<PolicyRules.Problem> out = new ArrayList<>();

    void add(String path, String description) {
        out.add(new PolicyRules.Problem(path, description));
    }

    List<PolicyRules.Problem> list() {
        return out;
    }

    void window(String at, PolicyDraft.Window window) {
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
    void categories(String at, List<Choice<Category>> list, boolean rejectDuplicates) {
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

    void displayName(String at, String value) {
        int length = value.codePointCount(0, value.length());
        if (length == 0) {
            add(at, "display_name is required");
        } else if (length > PolicyRules.MAX_DISPLAY_NAME) {
            add(at, "display_name must be at most " + PolicyRules.MAX_DISPLAY_NAME + " characters, got " + length);
        }
    }

    void maxLength(String at, String name, String value, int max) {
        int length = value.codePointCount(0, value.length());
        if (length > max) {
            add(at, name + " must be at most " + max + " characters, got " + length);
        }
    }

    void count(String at, String what, int count, int min, int max) {
        if (count < min) {
            add(at, "at least " + min + " " + what + " required, got " + count);
        } else if (count > max) {
            add(at, "at most " + max + " " + what + " are allowed, got " + count);
        }
    }

    void localTime(String at, String name, String value) {
        if (value.isEmpty()) {
            add(at, name + " is required, as \"HH:MM\"");
        } else if (!LOCAL_TIME.matcher(value).matches()) {
            add(at, name + " must be a 24-hour local time \"HH:MM\" from 00:00 to 23:59, got " + quote(value));
        }
    }

    /** The value in double quotes, shortened when very long. */
    static String quote(String value) {
        String shown = value.length() > 80 ? value.substring(0, 77) + "..." : value;
        return "\"" + shown + "\"";
    }
}
