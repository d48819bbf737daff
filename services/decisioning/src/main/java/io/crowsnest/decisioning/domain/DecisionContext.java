package io.crowsnest.decisioning.domain;

import java.util.Map;

/**
 * The situation a decision is made in.
 *
 * @param division   "" = every division
 * @param properties JSON-like values (String, Double, Boolean, List, Map) by key
 */
public record DecisionContext(Direction direction, String division, String agentId, String placement,
        String sessionId, String timeZone, Map<String, Object> properties) {

    public DecisionContext {
        properties = Map.copyOf(properties);
    }
}
