package io.crowsnest.scoring.domain;

import java.time.Instant;

/** A recent event as the frequency and source-mix features count it. */
public record EventMark(String eventId, String type, String trafficSource, Instant occurredAt) {
}
