package io.crowsnest.profile.domain;

import java.time.Instant;

/**
 * What profile's rules and queries use of a recorded event: its id, type and custom type, channel
 * (contract names, e.g. EVENT_TYPE_PURCHASE, CHANNEL_WEB), when it occurred and arrived, and its
 * amount (currency null when it carries none). The whole event is kept as the contract's bytes.
 */
public record EventFacts(String eventId, String type, String customType, String channel, Instant occurredAt,
        Instant receivedAt, String currencyCode, long amountMinor) {

    /** A purchase with an amount counts towards lifetime value. */
    public boolean paid() {
        return "EVENT_TYPE_PURCHASE".equals(type) && currencyCode != null;
    }
}
