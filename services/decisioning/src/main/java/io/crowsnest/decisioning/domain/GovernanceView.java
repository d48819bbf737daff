package io.crowsnest.decisioning.domain;

import java.time.Instant;
import java.util.List;

/**
 * Contact-governance's verdict on one contact, as a decision shows it.
 *
 * @param indefinitely true when it clears only by a consent change
 * @param nextAllowedAt null when unknown or allowed
 */
public record GovernanceView(boolean allowed, List<Reason> blocking, List<Reason> notes, Instant nextAllowedAt,
        boolean indefinitely, String policyVersion, Instant checkedAt) {

    public GovernanceView {
        blocking = List.copyOf(blocking);
        notes = List.copyOf(notes);
    }

    /** Blocked only by caps, gaps, quiet hours or fatigue: something time clears, not consent. */
    public boolean cappedOnly() {
        return !allowed && !indefinitely;
    }
}
