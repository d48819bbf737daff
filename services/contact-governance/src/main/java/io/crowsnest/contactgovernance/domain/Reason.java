package io.crowsnest.contactgovernance.domain;

import java.util.Map;

/**
 * Why something was done, in the contract's shape: an upper-snake code, a sentence for people
 * (empty when none) and the figures behind it.
 */
public record Reason(String code, String message, Map<String, String> figures) {

    public Reason {
        figures = Map.copyOf(figures);
    }

    public static Reason of(String code, String message) {
        return new Reason(code, message, Map.of());
    }
}
