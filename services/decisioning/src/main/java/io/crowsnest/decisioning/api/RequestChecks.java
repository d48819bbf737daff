package io.crowsnest.decisioning.api;

import java.time.Instant;
import java.util.Map;

import com.google.protobuf.Value;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.decisioning.v1.ActionKind;
import io.crowsnest.decisioning.v1.DecideRequest;
import io.crowsnest.decisioning.v1.DecisionContext;
import io.crowsnest.decisioning.v1.InteractionDirection;
import io.crowsnest.decisioning.v1.OutcomeType;
import io.crowsnest.decisioning.v1.RecordOutcomeRequest;
import io.crowsnest.platform.grpc.GrpcErrors.Violations;

/** The checks of Decide and RecordOutcome requests. */
final class RequestChecks {

    private RequestChecks() {
    }

    static void decide(DecideRequest r, int maxContextBytes, Violations v) {
        Checks.person(r.getPerson(), "person", v);
        if (r.getChannel() == Channel.CHANNEL_UNSPECIFIED || r.getChannel() == Channel.UNRECOGNIZED) {
            v.add("channel", "is required, e.g. CHANNEL_PHONE for a call");
        }
        context(r.getContext(), maxContextBytes, v);
        if (r.getMaxActions() < 0 || r.getMaxActions() > 20) {
            v.add("max_actions", "must be 0 (default 3) to 20, got " + r.getMaxActions());
        }
        for (int i = 0; i < r.getKindsCount(); i++) {
            if (r.getKinds(i) == ActionKind.ACTION_KIND_UNSPECIFIED || r.getKinds(i) == ActionKind.UNRECOGNIZED) {
                v.add("kinds[" + i + "]", "is unspecified");
            }
        }
        if (r.getCandidateActionIdsCount() > 100) {
            v.add("candidate_action_ids", "at most 100, got " + r.getCandidateActionIdsCount());
        }
        Checks.idempotencyKey(r.getIdempotencyKey(), v);
    }

    private static void context(DecisionContext c, int maxBytes, Violations v) {
        if (c.getDirection() == InteractionDirection.INTERACTION_DIRECTION_UNSPECIFIED
                || c.getDirection() == InteractionDirection.UNRECOGNIZED) {
            v.add("context.direction", "is required: INBOUND (the customer called) or OUTBOUND");
        }
        if (c.hasDivision() && !Checks.DIVISION_ID.matcher(c.getDivision().getId()).matches()) {
            v.add("context.division.id", "is not a division id ([a-z0-9-]{1,40})");
        }
        if (!c.getAgentId().isEmpty() && !Checks.ACTOR.matcher(c.getAgentId()).matches()) {
            v.add("context.agent_id", "is not an agent id ([A-Za-z0-9._@-]{1,64})");
        }
        if (!Checks.PLACEMENT.matcher(c.getPlacement()).matches()) {
            v.add("context.placement", "is not a placement ([a-z0-9:._-]{0,64})");
        }
        Checks.length(c.getSessionId(), 128, "context.session_id", v);
        if (!c.getTimeZone().isEmpty()) {
            try {
                java.time.ZoneId.of(c.getTimeZone());
            } catch (java.time.DateTimeException e) {
                v.add("context.time_zone", "'" + Checks.abbreviate(c.getTimeZone()) + "' is not an IANA time zone");
            }
        }
        if (c.getPropertiesCount() > 64) {
            v.add("context.properties", "at most 64 keys, got " + c.getPropertiesCount());
        }
        if (c.getSerializedSize() > maxBytes) {
            v.add("context", "is " + c.getSerializedSize() + " bytes, over the limit of " + maxBytes);
        }
        for (Map.Entry<String, Value> e : c.getPropertiesMap().entrySet()) {
            String f = "context.properties[\"" + Checks.abbreviate(e.getKey()) + "\"]";
            if (!Checks.PROPERTY_KEY.matcher(e.getKey()).matches()) {
                v.add(f, "key is not [a-z][a-z0-9_]{0,63}");
            }
            value(e.getValue(), f, v);
        }
    }

    private static void value(Value value, String field, Violations v) {
        switch (value.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> v.add(field, "must not be null");
            case STRING_VALUE -> Checks.length(value.getStringValue(), 4096, field, v);
            case NUMBER_VALUE -> {
                if (!Double.isFinite(value.getNumberValue())) {
                    v.add(field, "must be a finite number");
                }
            }
            case LIST_VALUE -> value.getListValue().getValuesList().forEach(e -> value(e, field, v));
            case STRUCT_VALUE -> value.getStructValue().getFieldsMap().values().forEach(e -> value(e, field, v));
            default -> {
            }
        }
    }

    static void outcome(RecordOutcomeRequest r, Instant now, java.time.Duration skew, String currency, Violations v) {
        Checks.matches(r.getDecisionId(), Checks.DECISION_ID, "decision_id", "a decision id", v);
        Checks.matches(r.getActionId(), Checks.ACTION_ID, "action_id", "an action id", v);
        if (r.getType() == OutcomeType.OUTCOME_TYPE_UNSPECIFIED || r.getType() == OutcomeType.UNRECOGNIZED) {
            v.add("type", "is required: PRESENTED, ACCEPTED, DECLINED, IGNORED or CONVERTED");
        }
        if (!r.hasOccurredAt()) {
            v.add("occurred_at", "is required");
        } else if (ProtoValues.instant(r.getOccurredAt()).isAfter(now.plus(skew))) {
            v.add("occurred_at", "is in the future beyond the clock skew of " + skew.toMinutes() + " minutes");
        }
        if (r.getChannel() == Channel.UNRECOGNIZED) {
            v.add("channel", "is not a channel");
        }
        if (!r.getAgentId().isEmpty() && !Checks.ACTOR.matcher(r.getAgentId()).matches()) {
            v.add("agent_id", "is not an agent id ([A-Za-z0-9._@-]{1,64})");
        }
        if (r.hasConversionValue()) {
            if (r.getType() != OutcomeType.OUTCOME_TYPE_CONVERTED) {
                v.add("conversion_value", "only with type CONVERTED");
            } else if (!r.getConversionValue().getCurrencyCode().equals(currency)) {
                v.add("conversion_value.currency_code", "must be the reporting currency " + currency);
            }
        }
        if (r.hasAnswer() && r.getType() != OutcomeType.OUTCOME_TYPE_ACCEPTED) {
            v.add("answer", "only with type ACCEPTED");
        }
        if (r.hasReason() && r.getReason().getCode().isEmpty()) {
            v.add("reason.code", "is required when a reason is given");
        }
        Checks.idempotencyKey(r.getIdempotencyKey(), v);
    }
}
