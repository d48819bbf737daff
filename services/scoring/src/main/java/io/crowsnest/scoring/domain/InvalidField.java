package io.crowsnest.scoring.domain;

/**
 * A field of the request found wrong only once the stored state was read (checks of the request
 * alone happen before, in the adapter): answered as INVALID_ARGUMENT on that field, with the
 * contract's reason when it has one.
 */
public class InvalidField extends RuntimeException {

    private final String field;
    private final String reason;

    public InvalidField(String field, String description, String reason) {
        super(description);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    /** The contract's reason code, or null. */
    public String reason() {
        return reason;
    }
}
