package io.crowsnest.scoring.domain;

import java.time.Instant;

/** A purchase event in the value window; amount is null when the event carried none. */
public record Purchase(String eventId, Instant occurredAt, Money amount) {
}
