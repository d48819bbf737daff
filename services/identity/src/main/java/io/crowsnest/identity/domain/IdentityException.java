package io.crowsnest.identity.domain;

/**
 * A refusal by identity's rules: its kind (which decides the gRPC status), the contract's
 * upper-snake reason and a sentence for people. The api's {@code ErrorMapper} is the one place
 * that turns it into a status; the situations are the nested classes of {@link IdentityErrors}.
 */
public class IdentityException extends RuntimeException {

    /** How the refusal is answered. */
    public enum Kind {
        NOT_FOUND, FAILED_PRECONDITION, ABORTED, UNAVAILABLE
    }

    private final Kind kind;
    private final String reason;

    protected IdentityException(Kind kind, String reason, String message) {
        super(message);
        this.kind = kind;
        this.reason = reason;
    }

    public Kind kind() {
        return kind;
    }

    public String reason() {
        return reason;
    }
}
