package io.crowsnest.alertnotification.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.config.DeliveryConfig;
import io.crowsnest.alertnotification.connector.Connector;
import io.crowsnest.alertnotification.connector.Outgoing;
import io.crowsnest.alertnotification.connector.SendResult;
import io.crowsnest.alertnotification.domain.Delivery;
import io.crowsnest.alertnotification.domain.Message;

/**
 * Hands a message to a connector, trying again with a doubling pause while the provider is
 * unavailable, up to the configured attempts. Every try carries the delivery id as the provider's
 * idempotency key, so a try that timed out after the provider took the message does not send it twice.
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
        long pause = config.backoff().toMillis();
        SendResult result = null;
        int attempt = 0;
        while (attempt < config.attempts()) {
            attempt++;
            result = connector.send(outgoing);
            if (!(result instanceof SendResult.Unavailable) || attempt == config.attempts()) {
                break;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            pause *= 2;
        }
        return new Outcome(result, attempt);
    }
}
