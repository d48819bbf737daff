package io.crowsnest.alertnotification.domain;

import java.time.Instant;

/** A contact-governance reservation as a delivery sees it; channel and state are the contract's names. */
public record Reservation(String id, String personId, String channel, State state, Instant expiresAt) {

    /** The reservation's state at governance. */
    public enum State {
        HELD, COMMITTED, RELEASED, EXPIRED, VOIDED
    }

    /** Refuses a reservation that cannot carry a delivery to this person on this channel now. */
    public void requireUsable(String forPersonId, MessageChannel forChannel, Instant now) {
        switch (state) {
            case COMMITTED -> throw new DeliveryErrors.ReservationUnusable("RESERVATION_ALREADY_COMMITTED", id,
                    "is already committed");
            case RELEASED, VOIDED -> throw new DeliveryErrors.ReservationUnusable("RESERVATION_RELEASED", id,
                    "was " + state.name().toLowerCase(java.util.Locale.ROOT));
            case EXPIRED -> throw new DeliveryErrors.ReservationUnusable("RESERVATION_EXPIRED", id, "has expired");
            default -> {
            }
        }
        if (!now.isBefore(expiresAt)) {
            throw new DeliveryErrors.ReservationUnusable("RESERVATION_EXPIRED", id, "expired at " + expiresAt);
        }
        if (!personId.equals(forPersonId)) {
            throw new DeliveryErrors.ReservationUnusable("RESERVATION_MISMATCH", id, "is for another person");
        }
        if (!channel.equals(forChannel.name())) {
            throw new DeliveryErrors.ReservationUnusable("RESERVATION_MISMATCH", id,
                    "is for channel " + channel + ", not " + forChannel);
        }
    }
}
