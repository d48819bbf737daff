package io.crowsnest.scoring.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.google.protobuf.Any;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;

import io.crowsnest.platform.grpc.GrpcErrors;
import io.grpc.protobuf.StatusProto;

/**
 * Collects the field violations of one request, then throws them all as INVALID_ARGUMENT: a
 * BadRequest with one violation per problem and, when a problem has a contract reason
 * (HALF_LIFE_NEGATIVE, SEGMENT_EXPRESSION_INVALID…), an ErrorInfo with the first such reason.
 * Nothing is written before.
 */
final class Checks {

    static final Pattern PERSON_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");
    static final Pattern SYSTEM = Pattern.compile("[a-z0-9-]{1,64}");
    static final Pattern PLAN_ID = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    static final Pattern SEGMENT_ID = PLAN_ID;
    static final Pattern SCORE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private final List<BadRequest.FieldViolation> violations = new ArrayList<>();
    private String reason;
    private Map<String, String> metadata = Map.of();

    Checks add(String field, String description) {
        violations.add(BadRequest.FieldViolation.newBuilder().setField(field).setDescription(description).build());
        return this;
    }

    /** A violation that carries a contract reason (the first one given is reported). */
    Checks add(String field, String description, String reasonCode) {
        return add(field, description, reasonCode, Map.of());
    }

    Checks add(String field, String description, String reasonCode, Map<String, String> reasonMetadata) {
        if (reason == null) {
            reason = reasonCode;
            metadata = reasonMetadata;
        }
        return add(field, description);
    }

    boolean isEmpty() {
        return violations.isEmpty();
    }

    void throwIfAny() {
        if (violations.isEmpty()) {
            return;
        }
        BadRequest.FieldViolation first = violations.get(0);
        String summary = violations.size() == 1 ? first.getField() + ": " + first.getDescription()
                : violations.size() + " invalid fields, first " + first.getField() + ": " + first.getDescription();
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder().setCode(Code.INVALID_ARGUMENT_VALUE)
                .setMessage(summary).addDetails(Any.pack(BadRequest.newBuilder().addAllFieldViolations(violations)
                        .build()));
        if (reason != null) {
            status.addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(GrpcErrors.DOMAIN)
                    .putAllMetadata(metadata).build()));
        }
        throw StatusProto.toStatusRuntimeException(status.build());
    }

    void pattern(String value, Pattern pattern, String field, String rule) {
        if (!pattern.matcher(value).matches()) {
            add(field, value.isEmpty() ? "is required" : "must match " + rule + ", got '" + abbreviate(value) + "'");
        }
    }

    /** Every id of a list (segment or system ids) well formed; field is the list's name. */
    void ids(List<String> values, String field) {
        each(values, SEGMENT_ID, field, "[a-z][a-z0-9-]{0,63}");
    }

    /** Every score name of a list well formed; field is the list's name. */
    void scoreNames(List<String> values, String field) {
        each(values, SCORE_NAME, field, "[a-z][a-z0-9_]{0,63}");
    }

    private void each(List<String> values, Pattern pattern, String field, String rule) {
        for (int i = 0; i < values.size(); i++) {
            pattern(values.get(i), pattern, field + "[" + i + "]", rule);
        }
    }

    void length(String value, int min, int max, String field) {
        if (value.length() < min || value.length() > max) {
            add(field, value.isEmpty() ? "is required"
                    : "must be " + min + " to " + max + " characters, got " + value.length());
        }
    }

    void personId(String value, String field) {
        pattern(value, PERSON_ID, field, "1 to 64 characters of letters, digits and . _ : @ -");
    }

    void actor(String value) {
        length(value, 1, 128, "actor");
    }

    void idempotencyKey(String value) {
        length(value, 1, 128, "idempotency_key");
    }

    void requestingSystem(String value, String field) {
        pattern(value, SYSTEM, field, "[a-z0-9-]{1,64}");
    }

    /** A valid timestamp (years 1 to 9999), or null after recording the violation. */
    Instant timestamp(Timestamp t, String field) {
        if (!Timestamps.isValid(t)) {
            add(field, "is not a valid timestamp");
            return null;
        }
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
