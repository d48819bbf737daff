package io.crowsnest.profile.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rules on event properties (and custom attribute values): keys [a-z][a-z0-9_]{0,63}, at most 64
 * of them, values of any JSON type but null, finite numbers, strings up to 4,096 characters, lists and
 * objects nested at most 4 deep. Values are plain Java: String, Double, Boolean, List, Map.
 */
public final class PropertyRules {

    public static final int MAX_KEYS = 64;
    public static final int MAX_STRING = 4096;
    public static final int MAX_DEPTH = 4;

    private PropertyRules() {
    }

    /** One broken rule: where (a request path), what, and the contract's reason when it has one (else null). */
    public record Problem(String path, String description, String reason) {

        public Problem(String path, String description) {
            this(path, description, null);
        }
    }

    /** Every broken rule of an event's properties, with paths under {@code field}. */
    public static List<Problem> check(Map<String, Object> properties, String eventType, String field) {
        List<Problem> problems = new ArrayList<>();
        if (properties.size() > MAX_KEYS) {
            problems.add(new Problem(field, "at most " + MAX_KEYS + " keys, got " + properties.size()));
        }
        properties.forEach((key, value) -> {
            String path = field + "." + key;
            if (!AttributePaths.KEY.matcher(key).matches()) {
                problems.add(new Problem(path, "key must match [a-z][a-z0-9_]{0,63}"));
                return;
            }
            int before = problems.size();
            checkValue(value, path, 1, problems);
            if (problems.size() == before) {
                WellKnownProperties.problem(eventType, key, value).ifPresent(p -> problems.add(new Problem(path, p)));
            }
        });
        return problems;
    }

    /** Every broken rule of one value (null is refused) at the given path. */
    public static List<Problem> checkValue(Object value, String path) {
        List<Problem> problems = new ArrayList<>();
        checkValue(value, path, 1, problems);
        return problems;
    }

    private static void checkValue(Object value, String path, int level, List<Problem> problems) {
        if (value == null) {
            problems.add(new Problem(path, "must not be null"));
        } else if (value instanceof String s && s.length() > MAX_STRING) {
            problems.add(new Problem(path, "strings are at most " + MAX_STRING + " characters, got " + s.length()));
        } else if (value instanceof Double d && !Double.isFinite(d)) {
            problems.add(new Problem(path, "must be a finite number"));
        } else if ((value instanceof List || value instanceof Map) && level > MAX_DEPTH) {
            problems.add(new Problem(path, "lists and objects nest at most " + MAX_DEPTH + " levels"));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                checkValue(list.get(i), path + "[" + i + "]", level + 1, problems);
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> checkValue(v, path + "." + k, level + 1, problems));
        }
    }
}
