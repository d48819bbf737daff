package io.crowsnest.scoring.domain;

import java.time.Instant;

/**
 * A person entering or leaving a segment, as published on the transition feed: its offset there
 * (0 until published), the segment revision that decided it, its cause (the event's id when an
 * event caused it), the segment that outranked it or that it outranked in an exclusive system
 * ("" when none) and why, in words.
 */
public record Transition(long offset, boolean entered, String personId, String segmentId, String systemId,
        long segmentRevision, Cause cause, String eventId, Instant occurredAt, String otherSegmentId,
        Reason reason) {

    public Transition withOffset(long at) {
        return new Transition(at, entered, personId, segmentId, systemId, segmentRevision, cause, eventId, occurredAt,
                otherSegmentId, reason);
    }
}
