package io.crowsnest.scoring.domain;

import java.util.Map;

/**
 * When an event meets the condition, award points (by score name, in plan order) — at most as
 * often as the cap allows (null: no cap).
 */
public record Rule(String ruleId, String description, EventCondition condition, Map<String, Double> points,
        RuleCap cap) {
}
