package io.crowsnest.profile.service;

import java.time.Instant;
import java.util.Locale;

import io.crowsnest.identity.v1.ResolvePersonResponse;
import io.crowsnest.identity.v1.ResolvedIdentifier;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.store.PersonStore.EventActivity;
import io.crowsnest.profile.v1.Event;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.crowsnest.scoring.v1.ObserveEventRequest;

/** A recorded event in its forms: as stored, as counted in the profile, as scoring observes it. */
public final class EventMapping {

    private EventMapping() {
    }

    /** The event as stored: the request with masked identifiers instead of raw ones, and when it arrived. */
    public static Event stored(RecordEventRequest r, ResolvePersonResponse resolved, Instant receivedAt) {
        Event.Builder event = Event.newBuilder().setEventId(r.getEventId()).setType(r.getType())
                .setCustomType(r.getCustomType()).setChannel(r.getChannel()).setOccurredAt(r.getOccurredAt())
                .setReceivedAt(Timestamps.of(receivedAt)).setSource(r.getSource()).setReferrer(r.getReferrer())
                .setSessionId(r.getSessionId()).putAllProperties(r.getPropertiesMap()).setAgentId(r.getAgentId());
        resolved.getIdentifiersList().stream().map(ResolvedIdentifier::getIdentifier).forEach(event::addIdentifiers);
        if (r.hasAmount()) {
            event.setAmount(r.getAmount());
        }
        if (r.hasDivision()) {
            event.setDivision(r.getDivision());
        }
        return event.build();
    }

    public static EventActivity activity(Event e) {
        boolean paid = e.getType() == EventType.EVENT_TYPE_PURCHASE && e.hasAmount();
        return new EventActivity(e.getEventId(), Timestamps.instant(e.getOccurredAt()), e.getChannel().name(),
                e.getType().name(), paid ? e.getAmount().getCurrencyCode() : null,
                paid ? e.getAmount().getAmountMinor() : 0);
    }

    /** What scoring's ObserveEvent takes for the event, recorded for a person. */
    public static ObserveEventRequest observe(Event e, String personId) {
        ObserveEventRequest.Builder observe = ObserveEventRequest.newBuilder().setEventId(e.getEventId())
                .setPersonId(personId)
                .setEventType(e.getType() == EventType.EVENT_TYPE_CUSTOM ? e.getCustomType()
                        : typeName(e.getType()).toLowerCase(Locale.ROOT))
                .setChannel(e.getChannel()).setOccurredAt(e.getOccurredAt()).setSource(e.getSource())
                .setReferrer(e.getReferrer()).setSessionId(e.getSessionId())
                .setPageDepth(wholeNumber(e, "page_depth")).setTimeOnPageSeconds(wholeNumber(e, "time_on_page_seconds"))
                .putAllProperties(e.getPropertiesMap());
        if (e.getType() == EventType.EVENT_TYPE_PURCHASE && e.hasAmount()) {
            observe.setPurchaseAmount(e.getAmount());
        }
        return observe.build();
    }

    private static int wholeNumber(Event e, String key) {
        var value = e.getPropertiesMap().get(key);
        return value != null && value.hasNumberValue() ? (int) Math.min(value.getNumberValue(), Integer.MAX_VALUE) : 0;
    }

    /** The event type's name without its prefix, as the domain's property rules know it (e.g. PAGE_VIEW). */
    public static String typeName(EventType type) {
        return type == EventType.UNRECOGNIZED ? "" : type.name().substring("EVENT_TYPE_".length());
    }
}
