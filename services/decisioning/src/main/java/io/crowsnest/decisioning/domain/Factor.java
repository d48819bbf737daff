package io.crowsnest.decisioning.domain;

import java.util.Map;

/**
 * One factor of P × C × V × L with where its figure came from.
 *
 * @param name PROPENSITY, CONTEXT_WEIGHT, VALUE or LEVER
 */
public record Factor(String name, double value, String source, Map<String, String> figures) {

    public static final String PROPENSITY = "PROPENSITY";
    public static final String CONTEXT_WEIGHT = "CONTEXT_WEIGHT";
    public static final String VALUE = "VALUE";
    public static final String LEVER = "LEVER";

    public Factor {
        figures = figures == null ? Map.of() : Map.copyOf(figures);
    }
}
