package io.crowsnest.decisioning.domain;

/** Lifecycle of a campaign, as in the contract. */
public enum CampaignStatus {
    SCHEDULED, RUNNING, PAUSED, COMPLETED, CANCELLED, FAILED;

    /** True once nothing more will be sent. */
    public boolean ended() {
        return this == COMPLETED || this == CANCELLED || this == FAILED;
    }
}
