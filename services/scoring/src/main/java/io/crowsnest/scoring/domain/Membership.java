package io.crowsnest.scoring.domain;

import java.time.Instant;

/**
 * A person's membership of a segment: when it entered (and the offset of that transition), why it
 * matched, and the segment's display name when shown ("" as stored).
 */
public record Membership(String segmentId, String displayName, Instant enteredAt, long enteredOffset,
        MatchExplanation explanation) {

    public Membership entered(Instant at, long offset) {
        return new Membership(segmentId, displayName, at, offset, explanation);
    }

    public Membership explained(MatchExplanation why) {
        return new Membership(segmentId, displayName, enteredAt, enteredOffset, why);
    }

    public Membership named(String name) {
        return new Membership(segmentId, name, enteredAt, enteredOffset, explanation);
    }
}
