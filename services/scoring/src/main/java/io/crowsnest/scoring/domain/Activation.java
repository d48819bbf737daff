package io.crowsnest.scoring.domain;

import java.time.Instant;

/** One activation of a plan version: it scores events with occurred_at from effectiveFrom on. */
public record Activation(String planId, long version, Instant effectiveFrom, Instant activatedAt, String activatedBy,
        String note) {
}
