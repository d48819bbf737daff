package io.crowsnest.alertnotification.domain;

import java.util.Map;

/**
 * A checked DeliverMessage request: the delivery id (derived from the idempotency key), the
 * reservation, the person, the channel, and either a template with its variables or rendered content.
 */
public record DeliveryOrder(String deliveryId, String reservationId, PersonLookup person, MessageChannel channel,
        TemplateRef template, Message rendered, Delivery.Refs refs) {

    /** A template of the service, its language (empty = the person's) and variables. */
    public record TemplateRef(String templateId, String language, Map<String, Object> variables) {
    }
}
