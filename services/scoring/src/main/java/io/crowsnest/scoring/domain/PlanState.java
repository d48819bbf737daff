package io.crowsnest.scoring.domain;

/** Lifecycle state of a plan version, derived from the activation timeline and the clock. */
public enum PlanState {
    DRAFT, SCHEDULED, ACTIVE, SUPERSEDED
}
