package io.crowsnest.identity.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.google.protobuf.Timestamp;

import io.crowsnest.identity.domain.Identifier;
import io.crowsnest.identity.domain.InvalidIdentifier;
import io.crowsnest.identity.domain.Normaliser;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.GrpcErrors.FieldViolation;

/**
 * Collects the field violations of one request, then throws them all as INVALID_ARGUMENT (with the
 * ErrorInfo reason too when there is a single violation that has one). Nothing is written before.
 */
final class Checks {

    private static final Pattern SYSTEM = Pattern.compile("[a-z0-9-]{1,64}");

    private final List<FieldViolation> violations = new ArrayList<>();
    private String singleReason;

    Checks add(String field, String description) {
        return add(field, description, null);
    }

    Checks add(String field, String description, String reason) {
        violations.add(new FieldViolation(field, description));
        singleReason = violations.size() == 1 ? reason : null;
        return this;
    }

    void throwIfAny() {
        if (violations.isEmpty()) {
            return;
        }
        if (singleReason != null) {
            FieldViolation v = violations.get(0);
            throw GrpcErrors.invalid(v.field(), v.description(), singleReason);
        }
        throw GrpcErrors.invalid(violations);
    }

    /** The identifier normalised, or null after recording why it cannot be used under path. */
    Identifier identifier(Normaliser normaliser, io.crowsnest.common.v1.Identifier identifier, String path) {
        try {
            return normaliser.normalise(identifier.getType(), identifier.getValue(), identifier.getNamespace());
        } catch (InvalidIdentifier e) {
            add(path + "." + e.part(), e.getMessage(), e.reason());
            return null;
        }
    }

    void requestingSystem(String value, String field) {
        if (!SYSTEM.matcher(value).matches()) {
            add(field, value.isEmpty() ? "is required" : "must match [a-z0-9-]{1,64}");
        }
    }

    void idempotencyKey(String value, String field) {
        if (value.isEmpty() || value.length() > 128) {
            add(field, value.isEmpty() ? "is required" : "must be at most 128 characters");
        }
    }

    void maxLength(String value, int max, String field) {
        if (value.length() > max) {
            add(field, "must be at most " + max + " characters");
        }
    }

    void personId(String value, String field) {
        if (value.isEmpty() || value.length() > 64) {
            add(field, value.isEmpty() ? "is required" : "must be at most 64 characters");
        }
    }

    /** A valid timestamp, or null after recording the violation. */
    Instant timestamp(Timestamp t, String field) {
        if (t.getSeconds() < -62135596800L || t.getSeconds() > 253402300799L || t.getNanos() < 0
                || t.getNanos() > 999_999_999) {
            add(field, "is not a valid timestamp");
            return null;
        }
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    /** A reason needs a code ([A-Z0-9_]{1,64}); its message is free text of at most 1024 characters. */
    void reason(io.crowsnest.common.v1.Reason reason, String field) {
        if (reason == null || reason.getCode().isEmpty()) {
            add(field + ".code", "is required");
        } else if (!reason.getCode().matches("[A-Z0-9_]{1,64}")) {
            add(field + ".code", "must match [A-Z0-9_]{1,64}");
        }
        if (reason != null && reason.getMessage().length() > 1024) {
            add(field + ".message", "must be at most 1024 characters");
        }
    }
}
