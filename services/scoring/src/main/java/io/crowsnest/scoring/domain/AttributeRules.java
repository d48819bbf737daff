package io.crowsnest.scoring.domain;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What makes a pushed attribute snapshot valid. The rules are profile's own (so that nothing profile
 * accepts is refused here): at most 200 attributes, each under a profile attribute path, and values
 * with no null at any depth, finite numbers, strings up to 4,096 characters, lists and objects
 * nested up to 4 levels. Values are plain JSON: null, Double, String, Boolean, List, Map.
 */
public final class AttributeRules {

    public static final int MAX_ATTRIBUTES = 200;
    public static final int MAX_STRING = 4096;
    public static final int MAX_DEPTH = 4;
    /** A profile attribute path: a field or key, optionally within a group ("demographics.birth_year"). */
    public static final Pattern PATH = Pattern.compile("[a-z][a-z0-9_]{0,63}(\\.[a-z][a-z0-9_]{0,63})?");

    private AttributeRules() {
    }

    /** Every attribute by path (each problem reported on attributes[path] and below it). */
    public static void check(Map<String, Object> attributes, Violations v) {
        if (attributes.size() > MAX_ATTRIBUTES) {
            v.add("attributes", "must hold at most " + MAX_ATTRIBUTES + " attributes, got " + attributes.size());
        }
        new TreeMap<>(attributes).forEach((path, value) -> {
            String field = "attributes[" + abbreviate(path) + "]";
            if (!PATH.matcher(path).matches()) {
                v.add(field, "is not a profile attribute path ([a-z][a-z0-9_]{0,63}, optionally followed by"
                        + " '.' and another such key)");
            } else {
                value(value, field, 1, v);
            }
        });
    }

    private static void value(Object value, String field, int level, Violations v) {
        if (value == null) {
            v.add(field, "must not be null: leave an attribute that is not set out");
        } else if (value instanceof Double d) {
            if (!Double.isFinite(d)) {
                v.add(field, "must be a finite number");
            }
        } else if (value instanceof String s) {
            if (s.length() > MAX_STRING) {
                v.add(field, "strings are at most " + MAX_STRING + " characters, got " + s.length());
            }
        } else if (value instanceof List<?> list) {
            if (level > MAX_DEPTH) {
                v.add(field, "lists and objects nest at most " + MAX_DEPTH + " levels");
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                value(list.get(i), field + "[" + i + "]", level + 1, v);
            }
        } else if (value instanceof Map<?, ?> map) {
            if (level > MAX_DEPTH) {
                v.add(field, "lists and objects nest at most " + MAX_DEPTH + " levels");
                return;
            }
            new TreeMap<>(map).forEach((k, e) -> value(e, field + "." + k, level + 1, v));
        }
    }

    /** A value cut to 80 characters for quoting in an error (as every request check quotes). */
    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
