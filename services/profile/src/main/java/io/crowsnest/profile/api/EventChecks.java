package io.crowsnest.profile.api;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

import com.google.protobuf.ProtocolMessageEnum;

import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.json.JsonValues;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.domain.EventRules;
import io.crowsnest.profile.v1.RecordEventRequest;

/**
 * A RecordEventRequest checked before identity is asked anything or anything is written: its size,
 * the fields every contract shares, then the event's own rules (domain/EventRules).
 */
final class EventChecks {

    private EventChecks() {
    }

    static void check(RecordEventRequest r, Instant now, ProfileConfig config) {
        tooLarge(r, config.maxEventBytes());
        Checks checks = new Checks();
        checks.oneTo(r.getEventId(), 128, "event_id");
        checks.required(r.hasOccurredAt(), "occurred_at");
        Instant at = r.hasOccurredAt() ? checks.instant(r.getOccurredAt(), "occurred_at") : null;
        EventRules.check(new EventRules.Event(r.getIdentifiersCount(), name(r.getType(), "EVENT_TYPE_"),
                r.getCustomType(), name(r.getChannel(), "CHANNEL_"), at, JsonValues.PLAIN.plain(r.getPropertiesMap()),
                r.hasAmount() ? r.getAmount().getCurrencyCode() : null), now, config.clockSkew(), config.retention())
                .forEach(checks::add);
        checks.system(r.getSource(), "source");
        checks.atMost(r.getReferrer(), 2048, "referrer");
        checks.atMost(r.getSessionId(), 128, "session_id");
        if (r.hasDivision()) {
            checks.division(r.getDivision(), config.divisions(), "division");
        }
        checks.agent(r.getAgentId(), "agent_id");
        checks.throwIfAny();
    }

    /** An enum value's name without its prefix: "" for the zero value, null for one unknown to this release. */
    private static String name(ProtocolMessageEnum value, String prefix) {
        String name = ((Enum<?>) value).name();
        return name.equals("UNRECOGNIZED") ? null : value.getNumber() == 0 ? "" : name.substring(prefix.length());
    }

    /** A request over the size limit is refused before anything else, naming its largest field. */
    private static void tooLarge(RecordEventRequest r, int max) {
        int size = r.getSerializedSize();
        if (size <= max) {
            return;
        }
        String largest = r.getAllFields().entrySet().stream()
                .max(Comparator.comparingInt(e -> RecordEventRequest.newBuilder().setField(e.getKey(), e.getValue())
                        .build().getSerializedSize()))
                .map(Map.Entry::getKey).map(f -> f.getName()).orElse("event_id");
        throw GrpcErrors.invalid(largest, "the request is " + size + " bytes, over the limit of " + max
                + " bytes; this is its largest field", "EVENT_TOO_LARGE");
    }
}
