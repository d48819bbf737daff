package io.crowsnest.scoring.domain;

import java.util.Map;

import io.crowsnest.platform.errors.Refusal;

/**
 * A field of the request found wrong only once the stored state was read (checks of the request
 * alone happen before, in the adapter): answered as INVALID_ARGUMENT on that field, with the
 * contract's reason when it has one.
 */
public class InvalidField extends Refusal {

    /** The field's path as in the request, what is wrong with it, and the contract's reason or null. */
    public InvalidField(String field, String description, String reason) {
        super(Kind.INVALID_ARGUMENT, reason, description, field, Map.of());
    }
}
