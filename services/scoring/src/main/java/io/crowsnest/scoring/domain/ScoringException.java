package io.crowsnest.scoring.domain;

import java.util.Map;

import io.crowsnest.platform.errors.Refusal;

/**
 * A refusal of scoring's: the contract's upper-snake reason, a sentence an agent can read, the
 * figures behind it, and its kind, which the platform's {@code Calls} maps to a status code the
 * same way in every service. The common situations have their own classes (PersonForgotten,
 * PlanNotFound…); the rarer ones are built from a kind and reason.
 */
public class ScoringException extends Refusal {

    public ScoringException(Kind kind, String reason, String message, Map<String, String> metadata) {
        super(kind, reason, message, null, metadata);
    }

    public ScoringException(Kind kind, String reason, String message) {
        this(kind, reason, message, Map.of());
    }
}
