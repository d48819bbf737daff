package io.crowsnest.scoring.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Why a segment matched a person (or did not) in one evaluation: the segment revision and
 * expression evaluated, when, the value of every path it read (plain JSON values, see
 * {@link Json}; null for a value never set), the reason in words (null for a person's latest
 * evaluation, which only keeps when and the inputs), and the segments it outranked.
 */
public record MatchExplanation(long segmentRevision, String expression, Instant evaluatedAt,
        Map<String, Object> inputs, Reason reason, List<String> outrankedSegmentIds) {

    /** The evaluation of a person without a segment: when, and the inputs every segment it is in read. */
    public static MatchExplanation latest(Instant evaluatedAt, Map<String, Object> inputs) {
        return new MatchExplanation(0, "", evaluatedAt, inputs, null, List.of());
    }

    public MatchExplanation outranking(List<String> outranked) {
        return new MatchExplanation(segmentRevision, expression, evaluatedAt, inputs, reason, outranked);
    }

    /** The same explanation brought up to a later evaluation: when, the inputs then and the reason they give. */
    public MatchExplanation asOf(Instant at, Map<String, Object> now, Reason why) {
        return new MatchExplanation(segmentRevision, expression, at, now, why, outrankedSegmentIds);
    }
}
