package io.crowsnest.platform.grpc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.google.protobuf.Any;
import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;

import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.Reason;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * The field checks of one request, gathered before anything is read or written and thrown together
 * as INVALID_ARGUMENT: a google.rpc.BadRequest with one violation per bad field (paths as in the
 * request) and, when a violation carries a contract reason (EVENT_IN_FUTURE, PAGE_TOKEN_INVALID…),
 * an ErrorInfo with the first such reason.
 *
 * <p>The checks of fields every contract shares live here, so that they follow one rule in every
 * service: person ids, person references, idempotency keys, requesting systems, reasons and
 * timestamps. Service-specific checks stay in the service's api package and call {@link #add}.
 */
public final class RequestChecks {

    /** Person ids: opaque, 1 to 64 characters of letters, digits and {@code . _ : @ -}. */
    public static final Pattern PERSON_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");
    /** Requesting systems, e.g. "profile" or "web-login". */
    public static final Pattern SYSTEM = Pattern.compile("[a-z0-9-]{1,64}");
    /** Reason codes, upper snake case. */
    public static final Pattern REASON_CODE = Pattern.compile("[A-Z0-9_]{1,64}");
    /** Longest idempotency key, in characters. */
    public static final int MAX_IDEMPOTENCY_KEY = 128;
    /** Longest identifier value a reference may carry, in characters. */
    public static final int MAX_IDENTIFIER_VALUE = 512;
    /** Longest reason message, in characters. */
    public static final int MAX_REASON_MESSAGE = 1024;

    private static final long MIN_SECONDS = -62_135_596_800L; // 0001-01-01T00:00:00Z
    private static final long MAX_SECONDS = 253_402_300_799L; // 9999-12-31T23:59:59Z

    private final List<BadRequest.FieldViolation> violations = new ArrayList<>();
    private String reason;
    private Map<String, String> metadata = Map.of();

    /** Records a bad field. */
    public RequestChecks add(String field, String description) {
        violations.add(BadRequest.FieldViolation.newBuilder().setField(field).setDescription(description).build());
        return this;
    }

    /** Records a bad field with the contract's reason code (the first reason recorded is reported). */
    public RequestChecks add(String field, String description, String reasonCode) {
        return add(field, description, reasonCode, Map.of());
    }

    /** Records a bad field with a reason code and the figures behind it. */
    public RequestChecks add(String field, String description, String reasonCode, Map<String, String> reasonMetadata) {
        if (reason == null && reasonCode != null && !reasonCode.isEmpty()) {
            reason = reasonCode;
            metadata = Map.copyOf(reasonMetadata);
        }
        return add(field, description);
    }

    public boolean isEmpty() {
        return violations.isEmpty();
    }

    /** The violations recorded so far, in order. */
    public List<GrpcErrors.FieldViolation> violations() {
        return violations.stream().map(v -> new GrpcErrors.FieldViolation(v.getField(), v.getDescription())).toList();
    }

    /** The INVALID_ARGUMENT error for what was recorded; call only when something was. */
    public StatusRuntimeException toException() {
        if (violations.isEmpty()) {
            throw new IllegalStateException("no violation was recorded");
        }
        BadRequest.FieldViolation first = violations.get(0);
        String summary = violations.size() == 1 ? first.getField() + ": " + first.getDescription()
                : violations.size() + " invalid fields, first " + first.getField() + ": " + first.getDescription();
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                .setCode(Code.INVALID_ARGUMENT_VALUE)
                .setMessage(summary)
                .addDetails(Any.pack(BadRequest.newBuilder().addAllFieldViolations(violations).build()));
        if (reason != null) {
            status.addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(GrpcErrors.DOMAIN)
                    .putAllMetadata(metadata).build()));
        }
        return StatusProto.toStatusRuntimeException(status.build());
    }

    /** Throws INVALID_ARGUMENT when anything was recorded. */
    public void throwIfAny() {
        if (!violations.isEmpty()) {
            throw toException();
        }
    }

    // ---- fields every contract shares ----

    /** A person id: required, {@link #PERSON_ID}. */
    public void personId(String value, String field) {
        pattern(value, PERSON_ID, field, "1 to 64 characters of letters, digits and . _ : @ -");
    }

    /** A person reference: exactly one of a well-formed person id or an identifier with type and value. */
    public void person(PersonRef ref, String field) {
        switch (ref.getRefCase()) {
            case PERSON_ID -> personId(ref.getPersonId(), field + ".person_id");
            case IDENTIFIER -> {
                if (ref.getIdentifier().getType().isEmpty()) {
                    add(field + ".identifier.type", "is required");
                }
                length(ref.getIdentifier().getValue(), 1, MAX_IDENTIFIER_VALUE, field + ".identifier.value");
            }
            case REF_NOT_SET -> add(field, "is required: a person_id or an identifier");
        }
    }

    /** An idempotency key: 1 to 128 characters, as every contract documents. */
    public void idempotencyKey(String value, String field) {
        length(value, 1, MAX_IDEMPOTENCY_KEY, field);
    }

    /** The system making the request: required, {@code [a-z0-9-]{1,64}}. */
    public void requestingSystem(String value, String field) {
        pattern(value, SYSTEM, field, "[a-z0-9-]{1,64}");
    }

    /** A reason: code required ({@code [A-Z0-9_]{1,64}}), message at most 1024 characters. */
    public void reason(Reason reason, String field) {
        pattern(reason.getCode(), REASON_CODE, field + ".code", "[A-Z0-9_]{1,64}");
        length(reason.getMessage(), 0, MAX_REASON_MESSAGE, field + ".message");
    }

    /** A valid timestamp (years 1 to 9999, nanos in range), or null after recording why not. */
    public Instant timestamp(Timestamp t, String field) {
        if (!isValid(t)) {
            add(field, "is not a valid timestamp");
            return null;
        }
        return Timestamps.instant(t);
    }

    /** Whether a timestamp lies in years 1 to 9999 with nanos in range. */
    public static boolean isValid(Timestamp t) {
        return t.getSeconds() >= MIN_SECONDS && t.getSeconds() <= MAX_SECONDS && t.getNanos() >= 0
                && t.getNanos() <= 999_999_999;
    }

    // ---- building blocks ----

    /** Required and matching the pattern; {@code rule} says the rule in words. */
    public void pattern(String value, Pattern pattern, String field, String rule) {
        if (value.isEmpty()) {
            add(field, "is required");
        } else if (!pattern.matcher(value).matches()) {
            add(field, "must match " + rule + ", got '" + abbreviate(value) + "'");
        }
    }

    /** Empty, or matching the pattern. */
    public void optionalPattern(String value, Pattern pattern, String field, String rule) {
        if (!value.isEmpty()) {
            pattern(value, pattern, field, rule);
        }
    }

    /** Between min and max characters (code points); min 1 means required. */
    public void length(String value, int min, int max, String field) {
        int n = value.codePointCount(0, value.length());
        if (n == 0 && min > 0) {
            add(field, "is required");
        } else if (n < min || n > max) {
            add(field, "must be " + min + " to " + max + " characters, got " + n);
        }
    }

    /** A value cut to 80 characters for quoting in an error. */
    public static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
