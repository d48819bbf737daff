package io.crowsnest.scoring.domain;

import java.util.Map;

/**
 * Why something happened, for programs (an upper-snake-case code) and for people (a sentence with
 * its figures, which are also given by name).
 */
public record Reason(String code, String message, Map<String, String> figures) {

    public static Reason of(String code, String message) {
        return new Reason(code, message, Map.of());
    }
}
