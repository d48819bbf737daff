package io.crowsnest.alertnotification.domain;

import java.util.Map;

/** The refusals of customer message deliveries, one class per situation. */
public final class DeliveryErrors {

    private DeliveryErrors() {
    }

    public static final class ReservationNotFound extends DomainException {
        public ReservationNotFound(String id) {
            super(Kind.NOT_FOUND, "RESERVATION_NOT_FOUND", "contact-governance knows no reservation '" + id + "'",
                    "reservation_id", Map.of("reservation_id", id));
        }
    }

    /** A reservation that cannot carry a delivery: expired, committed, released or voided, mismatched, in use. */
    public static final class ReservationUnusable extends DomainException {
        public ReservationUnusable(String reason, String id, String why) {
            super(Kind.FAILED_PRECONDITION, reason, "reservation '" + id + "' " + why + "; nothing was sent",
                    "reservation_id", Map.of("reservation_id", id));
        }
    }

    public static final class TemplateNotFound extends DomainException {
        public TemplateNotFound(String reason, String templateId, String why) {
            super(Kind.NOT_FOUND, reason, "template '" + templateId + "' " + why, "template.template_id",
                    Map.of("template_id", templateId));
        }
    }

    /** Content that cannot be sent on the channel (limits, subject for SMS, html outside email, variables). */
    public static final class ContentInvalid extends DomainException {
        public ContentInvalid(String field, String why) {
            super(Kind.INVALID_ARGUMENT, "CONTENT_INVALID", why, field, Map.of());
        }
    }

    public static final class DeliveryNotFound extends DomainException {
        public DeliveryNotFound(String id) {
            super(Kind.NOT_FOUND, "DELIVERY_NOT_FOUND", "no delivery '" + id + "'", null, Map.of());
        }
    }

    public static final class DeliveryNotSent extends DomainException {
        public DeliveryNotSent(String id, DeliveryStatus status) {
            super(Kind.FAILED_PRECONDITION, "DELIVERY_NOT_SENT", "delivery '" + id + "' was never sent (" + status
                    + "): the provider cannot report on it");
        }
    }
}
