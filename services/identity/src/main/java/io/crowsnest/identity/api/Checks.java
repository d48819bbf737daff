package io.crowsnest.identity.api;

import java.time.Instant;

import com.google.protobuf.Timestamp;

import io.crowsnest.identity.domain.Identifier;
import io.crowsnest.identity.domain.InvalidIdentifier;
import io.crowsnest.identity.domain.Normaliser;
import io.crowsnest.platform.grpc.RequestChecks;

/**
 * Collects the field violations of one request, then throws them all as INVALID_ARGUMENT (with the
 * first contract reason, e.g. IDENTIFIER_INVALID, in an ErrorInfo too). Nothing is written before.
 * The fields every contract shares (person ids, requesting systems, idempotency keys, reasons,
 * timestamps) follow the platform's {@link RequestChecks}; identifiers follow identity's Normaliser.
 */
final class Checks {

    private final RequestChecks shared = new RequestChecks();

    Checks add(String field, String description) {
        shared.add(field, description);
        return this;
    }

    Checks add(String field, String description, String reason) {
        shared.add(field, description, reason);
        return this;
    }

    void throwIfAny() {
        shared.throwIfAny();
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
        shared.requestingSystem(value, field);
    }

    void idempotencyKey(String value, String field) {
        shared.idempotencyKey(value, field);
    }

    void maxLength(String value, int max, String field) {
        if (value.length() > max) {
            add(field, "must be at most " + max + " characters");
        }
    }

    void personId(String value, String field) {
        shared.personId(value, field);
    }

    /** A valid timestamp, or null after recording the violation. */
    Instant timestamp(Timestamp t, String field) {
        return shared.timestamp(t, field);
    }

    /** A reason needs a code ([A-Z0-9_]{1,64}); its message is free text of at most 1024 characters. */
    void reason(io.crowsnest.common.v1.Reason reason, String field) {
        shared.reason(reason == null ? io.crowsnest.common.v1.Reason.getDefaultInstance() : reason, field);
    }
}
