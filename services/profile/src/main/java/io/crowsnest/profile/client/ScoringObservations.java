package io.crowsnest.profile.client;

import java.util.Locale;

import com.google.protobuf.InvalidProtocolBufferException;

import io.crowsnest.profile.v1.Event;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.scoring.v1.ObserveEventRequest;

/**
 * What scoring's ObserveEvent takes for a kept event recorded for a person, made when the event is
 * accepted and kept in its outbox entry as opaque bytes until the forwarder delivers it.
 */
public final class ScoringObservations {

    private ScoringObservations() {
    }

    /** The ObserveEventRequest bytes for the event (the contract's Event bytes) of the person. */
    public static byte[] observe(byte[] stored, String personId) {
        Event e;
        try {
            e = Event.parseFrom(stored);
        } catch (InvalidProtocolBufferException x) {
            throw new IllegalArgumentException("not an Event", x);
        }
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
        return observe.build().toByteArray();
    }

    private static int wholeNumber(Event e, String key) {
        var value = e.getPropertiesMap().get(key);
        return value != null && value.hasNumberValue() ? (int) Math.min(value.getNumberValue(), Integer.MAX_VALUE) : 0;
    }

    /** The event type's name without its prefix (e.g. PAGE_VIEW). */
    private static String typeName(EventType type) {
        return type == EventType.UNRECOGNIZED ? "" : type.name().substring("EVENT_TYPE_".length());
    }
}
