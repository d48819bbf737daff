package io.crowsnest.decisioning.domain;

/** What happened to an action a decision proposed. */
public enum OutcomeType {
    PRESENTED, ACCEPTED, DECLINED, IGNORED, CONVERTED;

    /** True for the responses that count as a success for the learned propensity. */
    public boolean isSuccess() {
        return this == ACCEPTED || this == CONVERTED;
    }
}
