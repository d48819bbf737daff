package io.crowsnest.decisioning.domain;

import java.time.Instant;

/**
 * What happened to an action a decision proposed; one per decision, action and type.
 *
 * @param conversionValue for CONVERTED, else null
 * @param reason          null when none given
 */
public record Outcome(String id, String decisionId, String personId, String actionId, int actionVersion,
        OutcomeType type, Instant occurredAt, Instant recordedAt, String channel, String agentId,
        String sessionId, Money conversionValue, Reason reason) {

    /** The outcome id: one outcome of a type per decision and action. */
    public static String idOf(String decisionId, String actionId, OutcomeType type) {
        return decisionId + ":" + actionId + ":" + type.name();
    }
}
