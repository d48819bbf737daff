package io.crowsnest.alertnotification.domain;

import java.util.Map;

import io.crowsnest.platform.errors.Refusal;

/**
 * A refusal by a domain rule of alert-notification: the platform's {@link Refusal} (its kind decides
 * the status, with the contract's upper-snake reason, a sentence for people, the request field at
 * fault for INVALID_ARGUMENT and the figures as metadata), answered by the platform's Calls like
 * every service's refusals.
 */
public class DomainException extends Refusal {

    public DomainException(Kind kind, String reason, String message) {
        this(kind, reason, message, null, Map.of());
    }

    public DomainException(Kind kind, String reason, String message, String field, Map<String, String> metadata) {
        super(kind, reason, message, field, metadata);
    }
}
