package io.crowsnest.scoring.domain;

import java.time.Instant;

/** Points one rule awarded on one score for one event (after clamping), as the contribution log keeps them. */
public record Contribution(String score, String planId, long planVersion, String ruleId, String eventId,
        String eventType, Instant occurredAt, double awarded) {
}
