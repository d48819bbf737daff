package io.crowsnest.scoring.domain;

/** No scoring plan has the id. */
public final class PlanNotFound extends ScoringException {

    public PlanNotFound(String planId) {
        super(Kind.NOT_FOUND, "PLAN_NOT_FOUND", "no scoring plan '" + planId + "'");
    }
}
