package io.crowsnest.scoring.service;

import java.util.Map;
import java.util.stream.Collectors;

import com.google.protobuf.Value;

import io.crowsnest.common.v1.Reason;

/** The readable reason of one evaluation of a segment expression, from the values it read. */
final class MatchReasons {

    private MatchReasons() {
    }

    /**
     * SEGMENT_MATCHED / SEGMENT_NOT_MATCHED with every input as a figure ("matches with
     * scores.engagement = 64.2"), or SEGMENT_EVALUATION_FAILED with the error.
     *
     * @param error why the expression could not be evaluated; null when it was
     */
    static Reason of(boolean matched, String error, Map<String, Value> inputs) {
        String figures = inputs.entrySet().stream().map(e -> e.getKey() + " = " + text(e.getValue()))
                .sorted().collect(Collectors.joining(", "));
        Reason.Builder reason = Reason.newBuilder().setCode(error != null ? "SEGMENT_EVALUATION_FAILED"
                : matched ? "SEGMENT_MATCHED" : "SEGMENT_NOT_MATCHED")
                .setMessage(error != null ? "the expression could not be evaluated: " + error
                        : (matched ? "matches with " : "does not match with ") + figures);
        inputs.forEach((path, value) -> reason.putFigures(path, text(value)));
        return reason.build();
    }

    private static String text(Value v) {
        return switch (v.getKindCase()) {
            case NUMBER_VALUE -> v.getNumberValue() == Math.rint(v.getNumberValue())
                    && Math.abs(v.getNumberValue()) < 1e15 ? Long.toString((long) v.getNumberValue())
                            : Double.toString(Math.round(v.getNumberValue() * 1000) / 1000.0);
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case NULL_VALUE, KIND_NOT_SET -> "null";
            default -> v.toString().strip();
        };
    }
}
