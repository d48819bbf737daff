package io.crowsnest.alertnotification.connector;

/** What a provider answered to one send. */
public sealed interface SendResult {

    /** Accepted, with the provider's id of the message. */
    record Accepted(String providerMessageId) implements SendResult {
    }

    /** Refused for good (e.g. a 4xx): retrying will not help. */
    record Rejected(String detail) implements SendResult {
    }

    /** Unreachable, timed out or a 5xx: another try may succeed. */
    record Unavailable(String detail) implements SendResult {
    }
}
