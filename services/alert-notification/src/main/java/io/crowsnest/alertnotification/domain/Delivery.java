package io.crowsnest.alertnotification.domain;

import java.time.Instant;

/**
 * A customer message delivery and how it moves: PENDING, then SENT (reservation committed) or
 * FAILED (reservation released); a provider's later report makes a SENT delivery DELIVERED or
 * BOUNCED and stamps opens and clicks. Transitions are pure; a report that changes nothing returns
 * the same record. Erased deliveries keep no person, address or content.
 */
public record Delivery(String id, String reservationId, String personId, MessageChannel channel,
        DeliveryStatus status, Reason statusReason, Disposition disposition, MaskedAddress address, String templateId,
        String provider, String providerMessageId, Refs refs, Instant createdAt, Instant sentAt, Instant deliveredAt,
        Instant failedAt, Instant openedAt, Instant clickedAt, int attempts) {

    /** A masked address: identifier type, masked value, namespace. */
    public record MaskedAddress(String type, String maskedValue, String namespace) {
    }

    /** What the message carries out: campaign, decision, action (each may be empty). */
    public record Refs(String campaignId, String decisionId, String actionId) {
    }

    /** What a provider reports about a sent message. */
    public enum Event {
        DELIVERED, BOUNCED, OPENED, CLICKED
    }

    public static Delivery pending(String id, String reservationId, String personId, MessageChannel channel,
            String templateId, String provider, Refs refs, Instant now) {
        return new Delivery(id, reservationId, personId, channel, DeliveryStatus.PENDING, null, Disposition.OPEN, null,
                templateId, provider, "", refs, now, null, null, null, null, null, 0);
    }

    public Delivery to(MaskedAddress newAddress) {
        return new Delivery(id, reservationId, personId, channel, status, statusReason, disposition, newAddress,
                templateId, provider, providerMessageId, refs, createdAt, sentAt, deliveredAt, failedAt, openedAt,
                clickedAt, attempts);
    }

    public Delivery sent(String messageId, int tries, Instant at) {
        return new Delivery(id, reservationId, personId, channel, DeliveryStatus.SENT, null, disposition, address,
                templateId, provider, messageId, refs, createdAt, at, deliveredAt, failedAt, openedAt, clickedAt, tries);
    }

    public Delivery failed(Reason why, int tries, Instant at) {
        return new Delivery(id, reservationId, personId, channel, DeliveryStatus.FAILED, why, disposition, address,
                templateId, provider, providerMessageId, refs, createdAt, sentAt, deliveredAt, at, openedAt, clickedAt,
                tries);
    }

    public Delivery disposed(Disposition newDisposition) {
        return new Delivery(id, reservationId, personId, channel, status, statusReason, newDisposition, address,
                templateId, provider, providerMessageId, refs, createdAt, sentAt, deliveredAt, failedAt, openedAt,
                clickedAt, attempts);
    }

    public boolean wasSent() {
        return status == DeliveryStatus.SENT || status == DeliveryStatus.DELIVERED || status == DeliveryStatus.BOUNCED;
    }

    /** The delivery after a provider's report; the same record when the report changes nothing. */
    public Delivery reported(Event event, Instant at, Reason detail) {
        if (!wasSent()) {
            throw new DeliveryErrors.DeliveryNotSent(id, status);
        }
        return switch (event) {
            case DELIVERED -> deliveredAt != null || status == DeliveryStatus.BOUNCED ? this
                    : with(DeliveryStatus.DELIVERED, statusReason, at, failedAt, openedAt, clickedAt);
            case BOUNCED -> status == DeliveryStatus.BOUNCED ? this
                    : with(DeliveryStatus.BOUNCED, detail != null ? detail : new Reason("HARD_BOUNCE",
                            "the provider reported the message undeliverable"), deliveredAt, at, openedAt, clickedAt);
            case OPENED -> openedAt != null ? this
                    : with(delivered(), statusReason, deliveredAt != null ? deliveredAt : at, failedAt, at, clickedAt);
            case CLICKED -> clickedAt != null ? this
                    : with(delivered(), statusReason, deliveredAt != null ? deliveredAt : at, failedAt,
                            openedAt != null ? openedAt : at, at);
        };
    }

    private DeliveryStatus delivered() {
        return status == DeliveryStatus.BOUNCED ? status : DeliveryStatus.DELIVERED;
    }

    private Delivery with(DeliveryStatus newStatus, Reason reason, Instant delivered, Instant failed, Instant opened,
            Instant clicked) {
        return new Delivery(id, reservationId, personId, channel, newStatus, reason, disposition, address, templateId,
                provider, providerMessageId, refs, createdAt, sentAt, delivered, failed, opened, clicked, attempts);
    }

    /** The delivery after an erasure: status counts only, no person, address or content references. */
    public Delivery erased() {
        return new Delivery(id, reservationId, "", channel, status, statusReason, disposition, null, "", provider,
                providerMessageId, new Refs("", "", ""), createdAt, sentAt, deliveredAt, failedAt, openedAt, clickedAt,
                attempts);
    }

    /** The delivery following the survivor of a merge. */
    public Delivery movedTo(String survivor) {
        return new Delivery(id, reservationId, survivor, channel, status, statusReason, disposition, address,
                templateId, provider, providerMessageId, refs, createdAt, sentAt, deliveredAt, failedAt, openedAt,
                clickedAt, attempts);
    }
}
