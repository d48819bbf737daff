package io.crowsnest.scoring.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What observing an event did, as recorded under its event id: each matched rule with the points
 * it awarded (none when its cap stopped it) and the person's score states afterwards.
 */
public record Outcome(Instant processedAt, List<RuleOutcome> rules, Map<String, ScoreState> scores) {

    /** One matched rule: applied unless capped, points awarded per score after clamping. */
    public record RuleOutcome(String planId, long planVersion, String ruleId, boolean applied,
            Map<String, Double> awarded) {
    }
}
