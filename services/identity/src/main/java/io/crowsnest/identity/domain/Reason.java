package io.crowsnest.identity.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why something was done: an upper-snake code, a sentence for people and the figures behind it
 * (in the order given), as the contract's Reason carries them.
 */
public record Reason(String code, String message, Map<String, String> figures) {

    public Reason {
        figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    public Reason(String code, String message) {
        this(code, message, Map.of());
    }
}
