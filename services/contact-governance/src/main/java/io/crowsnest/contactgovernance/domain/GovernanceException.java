package io.crowsnest.contactgovernance.domain;

import io.crowsnest.platform.errors.Refusal;

/**
 * A refusal by a rule of contact governance: its kind (which decides the gRPC status), the
 * contract's upper-snake reason and a sentence for people. The platform's {@link Refusal} carries
 * them; its {@code Calls} answers every refusal with its status and details in one place.
 */
public class GovernanceException extends Refusal {

    public GovernanceException(Kind kind, String reason, String message) {
        super(kind, reason, message);
    }

    /** @param field the request field at fault (INVALID_ARGUMENT); null otherwise */
    public GovernanceException(Kind kind, String reason, String message, String field) {
        super(kind, reason, message, field, java.util.Map.of());
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
