package io.crowsnest.profile.api;

import java.time.Instant;
import java.util.Comparator;
import java.util.Currency;
import java.util.Map;
import java.util.regex.Pattern;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.client.ScoringObservations;
import io.crowsnest.profile.service.Values;
import io.crowsnest.profile.domain.EventTime;
import io.crowsnest.profile.domain.PropertyRules;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.RecordEventRequest;

/** The rules a RecordEventRequest must meet before identity is asked anything or anything is written. */
final class EventChecks {

    static final int MAX_IDENTIFIERS = 20;
    private static final Pattern CUSTOM_TYPE = Pattern.compile("[a-z][a-z0-9_.]{0,63}");

    private EventChecks() {
    }

    static void check(RecordEventRequest r, Instant now, ProfileConfig config) {
        tooLarge(r, config.maxEventBytes());
        Checks checks = new Checks();
        checks.oneTo(r.getEventId(), 128, "event_id");
        if (r.getIdentifiersCount() == 0) {
            checks.add("identifiers", "at least one identifier is required");
        } else if (r.getIdentifiersCount() > MAX_IDENTIFIERS) {
            checks.add("identifiers", "at most " + MAX_IDENTIFIERS + " identifiers, got " + r.getIdentifiersCount());
        }
        if (r.getType() == EventType.EVENT_TYPE_UNSPECIFIED || r.getType() == EventType.UNRECOGNIZED) {
            checks.add("type", r.getType() == EventType.UNRECOGNIZED ? "unknown event type" : "is required");
        }
        if (r.getType() == EventType.EVENT_TYPE_CUSTOM) {
            checks.matches(r.getCustomType(), CUSTOM_TYPE, true, "custom_type");
        } else if (!r.getCustomType().isEmpty()) {
            checks.add("custom_type", "only EVENT_TYPE_CUSTOM events have a custom_type");
        }
        if (r.getChannel() == Channel.CHANNEL_UNSPECIFIED || r.getChannel() == Channel.UNRECOGNIZED) {
            checks.add("channel", r.getChannel() == Channel.UNRECOGNIZED ? "unknown channel" : "is required");
        }
        occurredAt(r, now, config, checks);
        checks.system(r.getSource(), "source");
        checks.atMost(r.getReferrer(), 2048, "referrer");
        checks.atMost(r.getSessionId(), 128, "session_id");
        PropertyRules.check(Values.plain(r.getPropertiesMap()), ScoringObservations.typeName(r.getType()), "properties")
                .forEach(p -> checks.add(p.path(), p.description()));
        if (r.hasAmount()) {
            if (r.getType() != EventType.EVENT_TYPE_PURCHASE) {
                checks.add("amount", "only EVENT_TYPE_PURCHASE events carry an amount");
            }
            if (!knownCurrency(r.getAmount().getCurrencyCode())) {
                checks.add("amount.currency_code", "'" + r.getAmount().getCurrencyCode()
                        + "' is not an ISO 4217 currency code");
            }
        }
        if (r.hasDivision()) {
            checks.division(r.getDivision(), config.divisions(), "division");
        }
        checks.agent(r.getAgentId(), "agent_id");
        checks.throwIfAny();
    }

    static boolean knownCurrency(String code) {
        try {
            return code.length() == 3 && code.equals(code.toUpperCase(java.util.Locale.ROOT))
                    && Currency.getInstance(code) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void occurredAt(RecordEventRequest r, Instant now, ProfileConfig config, Checks checks) {
        if (!r.hasOccurredAt()) {
            checks.add("occurred_at", "is required");
            return;
        }
        Instant at = checks.instant(r.getOccurredAt(), "occurred_at");
        if (at == null) {
            return;
        }
        switch (EventTime.check(at, now, config.clockSkew(), config.retention())) {
            case IN_FUTURE -> checks.add("occurred_at", at + " is more than " + config.clockSkew()
                    + " ahead of the service clock (" + now + ")", "EVENT_IN_FUTURE");
            case TOO_OLD -> checks.add("occurred_at", at + " is older than the retention of "
                    + config.retention().toDays() + " days", "EVENT_TOO_OLD");
            case OK -> {
            }
        }
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
