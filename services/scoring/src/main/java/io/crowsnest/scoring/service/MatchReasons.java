package io.crowsnest.scoring.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.crowsnest.scoring.domain.Json;
import io.crowsnest.scoring.domain.Reason;

/** The readable reason of one evaluation of a segment expression, from the values it read. */
final class MatchReasons {

    private MatchReasons() {
    }

    /**
     * SEGMENT_MATCHED / SEGMENT_NOT_MATCHED with every input as a figure ("matches with
     * scores.engagement = 64.2"), or SEGMENT_EVALUATION_FAILED with the error.
     *
     * @param error  why the expression could not be evaluated; null when it was
     * @param inputs plain JSON values by path (see {@link Json})
     */
    static Reason of(boolean matched, String error, Map<String, Object> inputs) {
        String figures = inputs.entrySet().stream().map(e -> e.getKey() + " = " + text(e.getValue()))
                .sorted().collect(Collectors.joining(", "));
        Map<String, String> named = new LinkedHashMap<>();
        inputs.forEach((path, value) -> named.put(path, text(value)));
        return new Reason(error != null ? "SEGMENT_EVALUATION_FAILED" : matched ? "SEGMENT_MATCHED"
                : "SEGMENT_NOT_MATCHED", error != null ? "the expression could not be evaluated: " + error
                        : (matched ? "matches with " : "does not match with ") + figures, named);
    }

    private static String text(Object v) {
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d.doubleValue())
                    : Double.toString(Math.round(d * 1000) / 1000.0);
        }
        if (v instanceof String || v instanceof Boolean) {
            return v.toString();
        }
        if (v == null || v == Json.NULL) {
            return "null";
        }
        if (v instanceof List<?> list) {
            return list.stream().map(MatchReasons::text).collect(Collectors.joining(", ", "[", "]"));
        }
        Map<?, ?> object = (Map<?, ?>) v;
        return object.entrySet().stream().map(e -> e.getKey() + ": " + text(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
