package io.crowsnest.scoring.store;

import java.time.Instant;

import io.crowsnest.scoring.domain.PlanDraft;

/** One written plan version: its immutable content (a checked plan as written) and who wrote it, when and why. */
public record StoredPlanVersion(PlanDraft plan, long version, long baseVersion, String createdBy,
        Instant createdAt, String changeNote) {
}
