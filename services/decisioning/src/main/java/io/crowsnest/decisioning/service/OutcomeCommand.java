package io.crowsnest.decisioning.service;

import java.time.Instant;

import io.crowsnest.decisioning.domain.Money;
import io.crowsnest.decisioning.domain.OutcomeType;
import io.crowsnest.decisioning.domain.Reason;

/**
 * An outcome to record.
 *
 * @param channel  "" = the decision's channel
 * @param answer   the customer's answer to a question as a plain value (String, Double, Boolean or
 *                 List), or null
 * @param answerKey idempotency key for profile's RecordAnswer
 */
public record OutcomeCommand(String decisionId, String actionId, OutcomeType type, Instant occurredAt, String channel,
        String agentId, Money conversionValue, Reason reason, Object answer, String answerKey) {
}
