package io.crowsnest.profile.domain;

import java.util.Map;

import io.crowsnest.platform.errors.Refusal;

/**
 * A refusal by profile's rules: its kind (which decides the gRPC status), the contract's
 * upper-snake reason (none for a plain bad field) and a sentence for people; for INVALID_ARGUMENT
 * the request field at fault. The platform's {@code Calls} turns every {@link Refusal} into its
 * status in one place; the situations are the nested classes of {@link ProfileErrors}.
 */
public class ProfileException extends Refusal {

    protected ProfileException(Kind kind, String reason, String message) {
        super(kind, reason, message);
    }

    /** A bad field found only once stored state was read; the reason may be null (a plain field violation). */
    protected ProfileException(Kind kind, String reason, String message, String field) {
        super(kind, reason, message, field, Map.of());
    }
}
