package io.crowsnest.contactgovernance.domain;

import java.util.Map;

/**
 * A refusal by a rule of contact governance: its kind (which decides the gRPC status), the
 * contract's upper-snake reason and a sentence for people. The api's ErrorMapper turns it into a
 * status with an ErrorInfo (and a BadRequest field violation for INVALID_ARGUMENT) in one place.
 */
public class GovernanceException extends RuntimeException {

    /** How the refusal is answered. */
    public enum Kind {
        INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION, ABORTED, UNAVAILABLE, RESOURCE_EXHAUSTED
    }

    private final Kind kind;
    private final String reason;
    private final String field;

    public GovernanceException(Kind kind, String reason, String message) {
        this(kind, reason, message, null);
    }

    /** @param field the request field at fault (INVALID_ARGUMENT); null otherwise */
    public GovernanceException(Kind kind, String reason, String message, String field) {
        super(message);
        this.kind = kind;
        this.reason = reason;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    /** The contract's reason code; null for a plain field violation without one. */
    public String reason() {
        return reason;
    }

    public String field() {
        return field;
    }

    public Map<String, String> metadata() {
        return Map.of();
    }

    /** A request field that contradicts what governance holds (checked after reading it). */
    public static GovernanceException invalid(String field, String description) {
        return new GovernanceException(Kind.INVALID_ARGUMENT, null, description, field);
    }

    /** The person's data kept changing under a multi-step write; the same idempotency key may retry. */
    public static GovernanceException consentChanging(Kind kind, String message) {
        return new GovernanceException(kind, "CONSENT_CHANGING", message);
    }

    /** The live counters kept changing while being rebuilt from the ledger. */
    public static GovernanceException countersBusy(String message) {
        return new GovernanceException(Kind.UNAVAILABLE, "COUNTERS_BUSY", message);
    }
}
