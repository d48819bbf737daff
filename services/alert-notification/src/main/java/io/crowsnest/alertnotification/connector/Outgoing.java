package io.crowsnest.alertnotification.connector;

import io.crowsnest.alertnotification.domain.Message;
import io.crowsnest.alertnotification.domain.MessageChannel;

/** One message to hand over: the delivery id (the provider's idempotency key), channel, raw address, content. */
public record Outgoing(String deliveryId, MessageChannel channel, String address, Message message, String campaignId) {
}
