package io.crowsnest.platform.errors;

import java.util.Map;
import java.util.Objects;

/**
 * A refusal by a domain rule: its kind (which decides the status code the caller gets), the
 * contract's upper-snake reason (e.g. {@code PERSON_NOT_FOUND}), a sentence an agent can read, the
 * request field at fault when there is one, and the figures behind it. A service declares each of
 * its situations as a subclass in its {@code domain/}; {@link io.crowsnest.platform.grpc.Calls} maps
 * every refusal to its status in one place, so the same kind answers the same code in every service.
 */
public class Refusal extends RuntimeException {

    /** What kind of situation it is; decides the status code. */
    public enum Kind {
        /** Something in the request is wrong, found only once stored state was read; names the field. */
        INVALID_ARGUMENT,
        /** What the request names does not exist (any more). */
        NOT_FOUND,
        /** The id was used before for something else. */
        ALREADY_EXISTS,
        /** The state of what the request names does not allow it (a revision moved on, an alert expired…). */
        FAILED_PRECONDITION,
        /** Concurrent changes kept winning; retry as is. */
        ABORTED,
        /** A configured limit is reached. */
        RESOURCE_EXHAUSTED,
        /** Not possible for now; retry later with the same idempotency key. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String reason;
    private final String field;
    private final Map<String, String> metadata;

    protected Refusal(Kind kind, String reason, String message) {
        this(kind, reason, message, null, Map.of());
    }

    protected Refusal(Kind kind, String reason, String message, String field, Map<String, String> metadata) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.reason = reason;
        this.field = field;
        this.metadata = Map.copyOf(metadata);
    }

    public Kind kind() {
        return kind;
    }

    /** The contract's reason code; may be null only for INVALID_ARGUMENT without one. */
    public String reason() {
        return reason;
    }

    /** The request field at fault (its path as in the request), or null. */
    public String field() {
        return field;
    }

    /** The figures behind the refusal (limits, counts, ids), for the ErrorInfo metadata. */
    public Map<String, String> metadata() {
        return metadata;
    }
}
