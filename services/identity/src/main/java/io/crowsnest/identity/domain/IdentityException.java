package io.crowsnest.identity.domain;

import io.crowsnest.platform.errors.Refusal;

/**
 * A refusal by identity's rules: its kind (which decides the gRPC status), the contract's
 * upper-snake reason and a sentence for people. The platform's {@code Calls} turns every
 * {@link Refusal} into its status in one place; the situations are the nested classes of
 * {@link IdentityErrors}.
 */
public class IdentityException extends Refusal {

    protected IdentityException(Kind kind, String reason, String message) {
        super(kind, reason, message);
    }
}
