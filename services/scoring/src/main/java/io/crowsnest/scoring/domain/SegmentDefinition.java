package io.crowsnest.scoring.domain;

import java.time.Instant;

/**
 * A segment as written: its expression over a person's variables, the system it belongs to, its
 * priority there and its re-evaluation interval (0: events only); with the bookkeeping set when
 * stored: revision, whether the backfill of that revision is still running, when it was last
 * evaluated over the population, created and updated (an instant never set is null).
 */
public record SegmentDefinition(String segmentId, String systemId, String displayName, String description,
        String expression, int priority, long reevaluationIntervalSeconds, long revision, boolean backfilling,
        Instant evaluatedAt, Instant createdAt, Instant updatedAt, String updatedBy) {

    /**
     * The segment as stored at the next revision: backfilling, not yet evaluated, created when it
     * was first written (now for a new one).
     */
    public SegmentDefinition written(long nextRevision, long interval, Instant created, Instant now, String actor) {
        return new SegmentDefinition(segmentId, systemId, displayName, description, expression, priority, interval,
                nextRevision, true, null, created, now, actor);
    }
}
