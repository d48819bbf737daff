package io.crowsnest.alertnotification.connector;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.config.DeliveryConfig;
import io.crowsnest.alertnotification.domain.MessageChannel;
import io.quarkus.runtime.Startup;

/**
 * The connector of each channel, built once from the configuration; start-up fails when a channel
 * names the webhook without its URL and secret, or an unknown connector.
 */
@ApplicationScoped
@Startup
public class Connectors {

    private final Map<MessageChannel, Connector> byChannel = new EnumMap<>(MessageChannel.class);
    private final LocalSink sink;

    @Inject
    public Connectors(DeliveryConfig config, Clock clock) {
        this.sink = new LocalSink(config.sink().directory());
        Webhook webhook = null;
        if (uses(config, "webhook")) {
            webhook = new Webhook(config.webhook().url().orElseThrow(() -> new IllegalStateException(
                    "crowsnest.alerts.delivery.webhook.url is required when a channel uses the webhook")),
                    config.webhook().secret().orElseThrow(() -> new IllegalStateException(
                            "crowsnest.alerts.delivery.webhook.secret is required when a channel uses the webhook")),
                    config.webhook().timeout(), config.webhook().providerName(), clock);
        }
        byChannel.put(MessageChannel.EMAIL, pick(config.emailConnector(), webhook));
        byChannel.put(MessageChannel.SMS, pick(config.smsConnector(), webhook));
        byChannel.put(MessageChannel.PUSH, pick(config.pushConnector(), webhook));
    }

    public Connector of(MessageChannel channel) {
        return byChannel.get(channel);
    }

    public LocalSink sink() {
        return sink;
    }

    private static boolean uses(DeliveryConfig c, String name) {
        return name.equals(c.emailConnector()) || name.equals(c.smsConnector()) || name.equals(c.pushConnector());
    }

    private Connector pick(String name, Webhook webhook) {
        return switch (name) {
            case "local-sink" -> sink;
            case "webhook" -> webhook;
            default -> throw new IllegalStateException("unknown connector '" + name + "' (local-sink or webhook)");
        };
    }
}
