package io.crowsnest.scoring.domain;

import java.util.Map;

/** The plan moved on since the version an edit or activation was based on. */
public final class PlanVersionConflict extends ScoringException {

    public PlanVersionConflict(String message, Map<String, String> metadata) {
        super(Kind.FAILED_PRECONDITION, "PLAN_VERSION_CONFLICT", message, metadata);
    }

    public PlanVersionConflict(String message) {
        this(message, Map.of());
    }
}
