package io.crowsnest.decisioning.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * What makes a reported outcome well-formed before the decision is read: the decision and action
 * it is about, its type (null when unset), when it happened (not ahead of the clock beyond the
 * allowed skew), a conversion value only on a conversion and in the reporting currency, an answer
 * only when the customer accepted, and a reason with its code.
 */
public final class OutcomeRules {

    private OutcomeRules() {
    }

    /**
     * @param channel "" = the decision's, "UNRECOGNIZED" for a number the contract does not know
     * @param answered whether the customer's answer to a question was given
     */
    public static void check(String decisionId, String actionId, OutcomeType type, Instant occurredAt, String channel,
            String agentId, Money conversionValue, boolean answered, Reason reason, Instant now, Duration skew,
            String currency, FieldChecks v) {
        v.matches(decisionId, FieldChecks.DECISION_ID, "decision_id", "a decision id");
        v.matches(actionId, FieldChecks.ACTION_ID, "action_id", "an action id");
        if (type == null) {
            v.add("type", "is required: PRESENTED, ACCEPTED, DECLINED, IGNORED or CONVERTED");
        }
        if (occurredAt == null) {
            v.add("occurred_at", "is required");
        } else if (occurredAt.isAfter(now.plus(skew))) {
            v.add("occurred_at", "is in the future beyond the clock skew of " + skew.toMinutes() + " minutes");
        }
        if (channel.equals("UNRECOGNIZED")) {
            v.add("channel", "is not a channel");
        }
        if (!agentId.isEmpty() && !FieldChecks.ACTOR.matcher(agentId).matches()) {
            v.add("agent_id", "is not an agent id ([A-Za-z0-9._@-]{1,64})");
        }
        if (conversionValue != null) {
            if (type != OutcomeType.CONVERTED) {
                v.add("conversion_value", "only with type CONVERTED");
            } else if (!conversionValue.currency().equals(currency)) {
                v.add("conversion_value.currency_code", "must be the reporting currency " + currency);
            }
        }
        if (answered && type != OutcomeType.ACCEPTED) {
            v.add("answer", "only with type ACCEPTED");
        }
        if (reason != null && reason.code().isEmpty()) {
            v.add("reason.code", "is required when a reason is given");
        }
    }
}
