package io.crowsnest.decisioning.domain;

import java.util.Map;

import io.crowsnest.platform.errors.Refusal;

/**
 * A domain error of decisioning: the platform's {@link Refusal} (its kind decides the status, with
 * the contract's upper-snake reason, a sentence, and the figures as metadata), answered by the
 * platform's Calls like every service's refusals.
 */
public class DecisioningException extends Refusal {

    public DecisioningException(Kind kind, String reason, String message, Map<String, String> metadata) {
        super(kind, reason, message, null, metadata);
    }

    public DecisioningException(Kind kind, String reason, String message) {
        this(kind, reason, message, Map.of());
    }

    /** A request field found wrong only after the stored state was read (INVALID_ARGUMENT on that field). */
    public static DecisioningException badField(String field, String reason, String message) {
        return new DecisioningException(Kind.INVALID_ARGUMENT, reason, message, field);
    }

    private DecisioningException(Kind kind, String reason, String message, String field) {
        super(kind, reason, message, field, Map.of());
    }

    public static DecisioningException actionNotFound(String id) {
        return new DecisioningException(Kind.NOT_FOUND, "ACTION_NOT_FOUND", "no action has id '" + id + "'",
                Map.of("action_id", id));
    }

    public static DecisioningException decisionNotFound(String id) {
        return new DecisioningException(Kind.NOT_FOUND, "DECISION_NOT_FOUND",
                "no decision has id '" + id + "' (or it was erased by retention or ForgetPerson)",
                Map.of("decision_id", id));
    }

    public static DecisioningException personNotFound(String message) {
        return new DecisioningException(Kind.NOT_FOUND, "PERSON_NOT_FOUND", message);
    }
}
