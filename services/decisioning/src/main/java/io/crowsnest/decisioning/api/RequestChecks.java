package io.crowsnest.decisioning.api;

import java.util.Map;

import com.google.protobuf.Value;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.decisioning.v1.ActionKind;
import io.crowsnest.decisioning.v1.DecideRequest;
import io.crowsnest.decisioning.v1.DecisionContext;
import io.crowsnest.decisioning.v1.InteractionDirection;
import io.crowsnest.decisioning.domain.FieldChecks;

/** The checks of Decide requests: the person, channel and the decision context. */
final class RequestChecks {

    private static final java.util.regex.Pattern PLACEMENT = java.util.regex.Pattern.compile("[a-z0-9:._-]{0,64}");
    private static final java.util.regex.Pattern PROPERTY_KEY = java.util.regex.Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private RequestChecks() {
    }

    static void decide(DecideRequest r, int maxContextBytes, FieldChecks v) {
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

    private static void context(DecisionContext c, int maxBytes, FieldChecks v) {
        if (c.getDirection() == InteractionDirection.INTERACTION_DIRECTION_UNSPECIFIED
                || c.getDirection() == InteractionDirection.UNRECOGNIZED) {
            v.add("context.direction", "is required: INBOUND (the customer called) or OUTBOUND");
        }
        if (c.hasDivision() && !FieldChecks.DIVISION_ID.matcher(c.getDivision().getId()).matches()) {
            v.add("context.division.id", "is not a division id ([a-z0-9-]{1,40})");
        }
        if (!c.getAgentId().isEmpty() && !Checks.ACTOR.matcher(c.getAgentId()).matches()) {
            v.add("context.agent_id", "is not an agent id ([A-Za-z0-9._@-]{1,64})");
        }
        if (!PLACEMENT.matcher(c.getPlacement()).matches()) {
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
            if (!PROPERTY_KEY.matcher(e.getKey()).matches()) {
                v.add(f, "key is not [a-z][a-z0-9_]{0,63}");
            }
            value(e.getValue(), f, v);
        }
    }

    private static void value(Value value, String field, FieldChecks v) {
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
}
