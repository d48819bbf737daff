package io.crowsnest.scoring.store;

import java.time.Instant;

import io.crowsnest.scoring.v1.ScoringPlan;

/** One written plan version: its immutable content and who wrote it, when and why. */
public record StoredPlanVersion(ScoringPlan plan, long version, long baseVersion, String createdBy,
        Instant createdAt, String changeNote) {
}
