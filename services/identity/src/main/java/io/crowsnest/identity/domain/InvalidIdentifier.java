package io.crowsnest.identity.domain;

/** An identifier that cannot be used: which part is wrong (type, value, namespace), why, and the reason code. */
public final class InvalidIdentifier extends Exception {

    private final String part;
    private final String reason;

    public InvalidIdentifier(String part, String message, String reason) {
        super(message, null, false, false);
        this.part = part;
        this.reason = reason;
    }

    /** "type", "value" or "namespace". */
    public String part() {
        return part;
    }

    /** The contract's reason code, e.g. IDENTIFIER_TYPE_UNKNOWN. */
    public String reason() {
        return reason;
    }
}
