package io.crowsnest.decisioning.domain;

/**
 * Where one audience member of a campaign is. Moves forward only: STAGED -> RESERVING -> RESERVED
 * -> SENT or FAILED; STAGED -> NO_ELIGIBLE_ACTION or BLOCKED; held-out members are HELD_OUT from the
 * start; CANCELLED when the campaign is cancelled before they were sent. A campaign with a max_size
 * stages its audience as CANDIDATE first: once the whole audience is read, the max_size of highest
 * expected value become STAGED (or HELD_OUT), the others OVER_LIMIT (not in the audience). A target
 * member outside the send window of its own time zone waits OUTSIDE_WINDOW and is STAGED again when
 * its window opens (the only backward move, and only between these two).
 */
public enum MemberState {
    HELD_OUT, STAGED, RESERVING, RESERVED, SENT, FAILED, NO_ELIGIBLE_ACTION, BLOCKED, CANCELLED, CANDIDATE,
    OVER_LIMIT, OUTSIDE_WINDOW;

    /** True when nothing more will happen to the member in the run. */
    public boolean done() {
        return this != STAGED && this != RESERVING && this != RESERVED && this != CANDIDATE && this != OUTSIDE_WINDOW;
    }

    /** True for the members counted in the campaign's audience. */
    public boolean inAudience() {
        return this != CANDIDATE && this != OVER_LIMIT;
    }
}
