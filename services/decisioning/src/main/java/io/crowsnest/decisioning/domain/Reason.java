package io.crowsnest.decisioning.domain;

import java.util.Map;

/** A stable upper-snake code, a sentence a person can read, and the figures behind it. */
public record Reason(String code, String message, Map<String, String> figures) {

    public Reason {
        figures = figures == null ? Map.of() : Map.copyOf(figures);
    }

    public static Reason of(String code, String message) {
        return new Reason(code, message, Map.of());
    }
}
