package io.crowsnest.platform.scoring;

import java.time.Instant;

/**
 * A person entered a segment: one ENTERED transition of scoring's stream, at its offset, with the
 * transition's reason in words.
 */
public record SegmentEntry(long offset, String personId, String segmentId, Instant occurredAt, String reason) {
}
