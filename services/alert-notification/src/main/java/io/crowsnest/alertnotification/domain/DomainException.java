package io.crowsnest.alertnotification.domain;

import java.util.Map;

/**
 * A refusal by a domain rule: its kind (what status it answers), the contract's upper-snake reason
 * and a sentence for people. The api's exception mapper turns it into a gRPC status.
 */
public class DomainException extends RuntimeException {

    /** How the refusal is answered. */
    public enum Kind {
        NOT_FOUND, FAILED_PRECONDITION, INVALID_ARGUMENT
    }

    private final Kind kind;
    private final String reason;
    private final String field;
    private final Map<String, String> metadata;

    public DomainException(Kind kind, String reason, String message) {
        this(kind, reason, message, null, Map.of());
    }

    public DomainException(Kind kind, String reason, String message, String field, Map<String, String> metadata) {
        super(message);
        this.kind = kind;
        this.reason = reason;
        this.field = field;
        this.metadata = Map.copyOf(metadata);
    }

    public Kind kind() {
        return kind;
    }

    public String reason() {
        return reason;
    }

    /** The request field at fault for INVALID_ARGUMENT; null otherwise. */
    public String field() {
        return field;
    }

    public Map<String, String> metadata() {
        return metadata;
    }
}
