package io.crowsnest.profile.domain;

/**
 * A refusal by profile's rules: its kind (which decides the gRPC status), the contract's
 * upper-snake reason (none for a plain bad field) and a sentence for people; for INVALID_ARGUMENT
 * the request field at fault. The api's {@code ErrorMapper} is the one place that turns it into a
 * status; the situations are the nested classes of {@link ProfileErrors}.
 */
public class ProfileException extends RuntimeException {

    /** How the refusal is answered. */
    public enum Kind {
        INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION, ABORTED, UNAVAILABLE
    }

    private final Kind kind;
    private final String reason;
    private final String field;

    protected ProfileException(Kind kind, String reason, String message) {
        this(kind, reason, message, null);
    }

    protected ProfileException(Kind kind, String reason, String message, String field) {
        super(message);
        this.kind = kind;
        this.reason = reason;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    /** The contract's reason; empty when the refusal has none. */
    public String reason() {
        return reason;
    }

    /** The request field at fault for INVALID_ARGUMENT; null otherwise. */
    public String field() {
        return field;
    }
}
