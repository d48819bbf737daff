package io.crowsnest.alertnotification.domain;

import java.time.Instant;

/** A person entering a scoring segment, as scoring's stream tells it: offset, person, segment, why. */
public record Transition(long offset, String personId, String segmentId, Instant occurredAt, String explanation) {
}
