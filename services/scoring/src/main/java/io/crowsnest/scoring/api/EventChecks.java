package io.crowsnest.scoring.api;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.scoring.domain.ObservedEvent;
import io.crowsnest.scoring.domain.PlanRules;
import io.crowsnest.scoring.v1.ObserveEventRequest;

/** Checks an observed event; every problem becomes one field violation and nothing is written. */
final class EventChecks {

    private static final Pattern PROPERTY_KEY = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private EventChecks() {
    }

    static void check(ObserveEventRequest r, Instant now, Duration skew) {
        RequestChecks checks = new RequestChecks();
        checks.length(r.getEventId(), 1, 128, "event_id");
        checks.personId(r.getPersonId(), "person_id");
        checks.pattern(r.getEventType(), PlanRules.EVENT_TYPE, "event_type", "[a-z][a-z0-9_.]{0,63}");
        if (r.getChannel() == Channel.CHANNEL_UNSPECIFIED || r.getChannel() == Channel.UNRECOGNIZED) {
            checks.add("channel", "must name the channel the event happened on");
        }
        if (!r.hasOccurredAt()) {
            checks.add("occurred_at", "is required");
        } else {
            Instant at = checks.timestamp(r.getOccurredAt(), "occurred_at");
            if (at != null && at.isAfter(now.plus(skew))) {
                checks.add("occurred_at", "lies in the future (" + at + ", now " + now + ")", "EVENT_IN_FUTURE");
            }
        }
        checks.pattern(r.getSource(), PlanRules.SOURCE, "source", "[a-z0-9-]{1,64}");
        checks.length(r.getReferrer(), 0, 2048, "referrer");
        checks.length(r.getSessionId(), 0, 128, "session_id");
        if (r.getPageDepth() < 0) {
            checks.add("page_depth", "must not be negative, got " + r.getPageDepth());
        }
        if (r.getTimeOnPageSeconds() < 0) {
            checks.add("time_on_page_seconds", "must not be negative, got " + r.getTimeOnPageSeconds());
        }
        if (r.getPropertiesCount() > 64) {
            checks.add("properties", "must hold at most 64 keys, got " + r.getPropertiesCount());
        }
        r.getPropertiesMap().keySet().stream().sorted().filter(k -> !PROPERTY_KEY.matcher(k).matches())
                .forEach(k -> checks.add("properties[" + RequestChecks.abbreviate(k) + "]",
                        "key must match [a-z][a-z0-9_]{0,63}"));
        if (r.hasPurchaseAmount()) {
            if (!ObservedEvent.PURCHASE.equals(r.getEventType())) {
                checks.add("purchase_amount", "is only for \"purchase\" events, not \"" + r.getEventType() + "\"");
            }
            PlanRules.currency(r.getPurchaseAmount().getCurrencyCode(), "purchase_amount.currency_code",
                    ScoringChecks.violations(checks));
        }
        checks.throwIfAny();
    }
}
