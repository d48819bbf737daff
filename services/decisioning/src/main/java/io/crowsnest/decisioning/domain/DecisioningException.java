package io.crowsnest.decisioning.domain;

import java.util.Map;

/**
 * A domain error: the contract's upper-snake reason, a sentence, and its kind, which the gRPC
 * adapter maps to a status in one place.
 */
public class DecisioningException extends RuntimeException {

    /** What kind of situation it is; decides the status code. */
    public enum Kind {
        NOT_FOUND, FAILED_PRECONDITION, ALREADY_EXISTS, UNAVAILABLE
    }

    private final Kind kind;
    private final String reason;
    private final Map<String, String> metadata;

    public DecisioningException(Kind kind, String reason, String message, Map<String, String> metadata) {
        super(message);
        this.kind = kind;
        this.reason = reason;
        this.metadata = Map.copyOf(metadata);
    }

    public DecisioningException(Kind kind, String reason, String message) {
        this(kind, reason, message, Map.of());
    }

    public Kind kind() {
        return kind;
    }

    public String reason() {
        return reason;
    }

    public Map<String, String> metadata() {
        return metadata;
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
