package io.crowsnest.scoring.domain;

import java.util.Map;

/**
 * A refusal of scoring's: the contract's upper-snake reason, a sentence an agent can read, the
 * figures behind it, and its kind, which the gRPC adapter maps to a status code in one place
 * (api/ErrorMapper). The common situations have their own classes (PersonForgotten,
 * PlanNotFound…); the rarer ones are built from a kind and reason.
 */
public class ScoringException extends RuntimeException {

    /** What kind of situation it is; decides the status code. */
    public enum Kind {
        /** What the request names does not exist. */
        NOT_FOUND,
        /** The state of what the request names does not allow it (a revision moved on, a person forgotten…). */
        FAILED_PRECONDITION,
        /** The same id was used before for something else. */
        ALREADY_EXISTS,
        /** Concurrent changes kept winning; retry as is. */
        ABORTED,
        /** Not possible for now (a merge in progress…); retry with the same idempotency key. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String reason;
    private final Map<String, String> metadata;

    public ScoringException(Kind kind, String reason, String message, Map<String, String> metadata) {
        super(message);
        this.kind = kind;
        this.reason = reason;
        this.metadata = Map.copyOf(metadata);
    }

    public ScoringException(Kind kind, String reason, String message) {
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
}
