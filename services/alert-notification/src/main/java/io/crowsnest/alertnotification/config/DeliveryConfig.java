package io.crowsnest.alertnotification.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** crowsnest.alerts.delivery.*: which connector serves each channel, the connectors, retries. */
@ConfigMapping(prefix = "crowsnest.alerts.delivery")
public interface DeliveryConfig {

    /** Connector of CHANNEL_EMAIL: "local-sink" or "webhook". */
    @WithDefault("local-sink")
    String emailConnector();

    /** Connector of CHANNEL_SMS: "local-sink" or "webhook". */
    @WithDefault("local-sink")
    String smsConnector();

    /** Connector of CHANNEL_PUSH: "local-sink" or "webhook". */
    @WithDefault("local-sink")
    String pushConnector();

    /** Sends tried within one DeliverMessage call while the provider is unreachable or answers 5xx. */
    @WithDefault("3")
    int attempts();

    /**
     * Pause before the second send (positive); doubled before each next one, each plus up to half of
     * itself at random (the platform's Backoff).
     */
    @WithDefault("200MS")
    Duration backoff();

    /** How often commits owed to contact-governance (it was unreachable after a send) are tried again. */
    @WithDefault("1M")
    Duration commitRetry();

    /** The local sink. */
    Sink sink();

    /** The HTTP webhook connector. */
    Webhook webhook();

    /** The local sink: one readable file per message, for make run and tests. */
    interface Sink {
        /** Directory the files are written to (created when missing). */
        @WithDefault(".crowsnest/messages")
        Path directory();
    }

    /** An HTTP provider: each message POSTed as JSON, signed with HMAC-SHA256. */
    interface Webhook {
        /** The provider's URL (https in production); required when a channel uses the webhook. */
        Optional<URI> url();

        /** Secret of the X-Crowsnest-Signature HMAC; required when a channel uses the webhook. */
        Optional<String> secret();

        /** Connect and response timeout of each send. */
        @WithDefault("5S")
        Duration timeout();

        /** Name recorded as the delivery's provider. */
        @WithDefault("webhook")
        String providerName();
    }
}
