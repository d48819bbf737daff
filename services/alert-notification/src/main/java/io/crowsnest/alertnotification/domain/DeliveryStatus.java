package io.crowsnest.alertnotification.domain;

/** Status of a customer message delivery. */
public enum DeliveryStatus {
    PENDING, SENT, DELIVERED, FAILED, BOUNCED
}
