package io.crowsnest.alertnotification.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.config.DeliveryConfig;
import io.crowsnest.alertnotification.connector.Connector;
import io.crowsnest.alertnotification.connector.Outgoing;
import io.crowsnest.alertnotification.connector.SendResult;
import io.crowsnest.alertnotification.domain.Delivery;
import io.crowsnest.alertnotification.domain.Message;
import io.crowsnest.platform.jobs.Backoff;

/**
 * Hands a message to a connector, trying again with a doubling pause (the platform's
 * {@link Backoff}: the configured first pause doubled before each next try, plus up to half of it at
 * random) while the provider is unavailable, up to the configured attempts. Every try carries the
 * delivery id as the provider's idempotency key, so a try that timed out after the provider took the
 * message does not send it twice.
 */
@ApplicationScoped
public class ProviderSends {

    /** The last answer and how many tries it took. */
    public record Outcome(SendResult result, int attempts) {
    }

    @Inject
    DeliveryConfig config;

    public Outcome send(Connector connector, Delivery delivery, String address, Message message) {
        Outgoing outgoing = new Outgoing(delivery.id(), delivery.channel(), address, message,
                delivery.refs().campaignId());
        return send(connector, outgoing, config.attempts(), backoff(config.backoff(), config.attempts()));
    }

    /**
     * Up to {@code attempts} sends while the provider answers unavailable, with the platform's pause
     * between two (the back-off's doubling wait); stops at once, after the send under way, when the
     * thread is interrupted.
     */
    static Outcome send(Connector connector, Outgoing outgoing, int attempts, Backoff backoff) {
        SendResult result = null;
        int attempt = 0;
        while (attempt < attempts) {
            attempt++;
            result = connector.send(outgoing);
            if (!(result instanceof SendResult.Unavailable) || attempt == attempts
                    || !backoff.pause(attempt - 1)) {
                break;
            }
        }
        return new Outcome(result, attempt);
    }

    /** The configured first pause, doubled before each next send and never capped before the last. */
    static Backoff backoff(Duration first, int attempts) {
        return new Backoff(first, first.multipliedBy(1L << Math.min(Math.max(attempts - 2, 0), 20)));
    }
}
