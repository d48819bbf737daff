package io.crowsnest.scoring.domain;

/** No segment has the id. */
public final class SegmentNotFound extends ScoringException {

    public SegmentNotFound(String segmentId) {
        super(Kind.NOT_FOUND, "SEGMENT_NOT_FOUND", "no segment '" + segmentId + "'");
    }
}
