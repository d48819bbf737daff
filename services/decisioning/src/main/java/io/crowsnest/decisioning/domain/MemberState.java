package io.crowsnest.decisioning.domain;

/**
 * Where one audience member of a campaign is. Moves forward only: STAGED -> RESERVING -> RESERVED
 * -> SENT or FAILED; STAGED -> NO_ELIGIBLE_ACTION or BLOCKED; held-out members are HELD_OUT from the
 * start; CANCELLED when the campaign is cancelled before they were sent.
 */
public enum MemberState {
    HELD_OUT, STAGED, RESERVING, RESERVED, SENT, FAILED, NO_ELIGIBLE_ACTION, BLOCKED, CANCELLED;

    /** True when nothing more will happen to the member in the run. */
    public boolean done() {
        return this != STAGED && this != RESERVING && this != RESERVED;
    }
}
