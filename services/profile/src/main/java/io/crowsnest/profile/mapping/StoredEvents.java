package io.crowsnest.profile.mapping;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.protobuf.InvalidProtocolBufferException;

import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.domain.EventFacts;
import io.crowsnest.profile.domain.MaskedIdentifier;
import io.crowsnest.profile.store.EventFormat;
import io.crowsnest.profile.v1.Event;
import io.crowsnest.profile.v1.RecordEventRequest;

/**
 * Events kept as the contract's Event bytes (see {@link EventFormat}): the request with masked
 * identifiers instead of raw ones and when it arrived, and the facts profile reads back.
 */
@ApplicationScoped
public class StoredEvents implements EventFormat {

    @Override
    public byte[] event(byte[] request, List<MaskedIdentifier> identifiers, Instant receivedAt) {
        RecordEventRequest r = parse(request);
        Event.Builder event = Event.newBuilder().setEventId(r.getEventId()).setType(r.getType())
                .setCustomType(r.getCustomType()).setChannel(r.getChannel()).setOccurredAt(r.getOccurredAt())
                .setReceivedAt(Timestamps.of(receivedAt)).setSource(r.getSource()).setReferrer(r.getReferrer())
                .setSessionId(r.getSessionId()).putAllProperties(r.getPropertiesMap()).setAgentId(r.getAgentId());
        identifiers.forEach(id -> event.addIdentifiers(ProfileMapping.masked(id)));
        if (r.hasAmount()) {
            event.setAmount(r.getAmount());
        }
        if (r.hasDivision()) {
            event.setDivision(r.getDivision());
        }
        return event.build().toByteArray();
    }

    @Override
    public EventFacts facts(byte[] stored) {
        Event e = event(stored);
        return new EventFacts(e.getEventId(), e.getType().name(), e.getCustomType(), e.getChannel().name(),
                Timestamps.instant(e.getOccurredAt()), Timestamps.instant(e.getReceivedAt()),
                e.hasAmount() ? e.getAmount().getCurrencyCode() : null, e.hasAmount() ? e.getAmount().getAmountMinor() : 0);
    }

    /** A kept event's bytes as the contract's Event. */
    public static Event event(byte[] stored) {
        try {
            return Event.parseFrom(stored);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an Event", e);
        }
    }

    private static RecordEventRequest parse(byte[] request) {
        try {
            return RecordEventRequest.parseFrom(request);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a RecordEventRequest", e);
        }
    }
}
