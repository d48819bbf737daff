package io.crowsnest.profile;

import java.time.Instant;

import com.google.protobuf.InvalidProtocolBufferException;

import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.domain.EventFacts;
import io.crowsnest.profile.store.StoredEvent;
import io.crowsnest.profile.v1.Event;
import io.crowsnest.scoring.v1.ObserveEventRequest;

/** Events made from a stored one, to write part of the way as a writer that died or is still busy leaves them. */
final class HalfWritten {

    private HalfWritten() {
    }

    /** A copy of the stored event under a new id with this prefix, occurred then. */
    static StoredEvent copy(StoredEvent template, String prefix, Instant occurredAt) {
        String id = Profiles.unique(prefix);
        EventFacts f = template.facts();
        return new StoredEvent(new EventFacts(id, f.type(), f.customType(), f.channel(), occurredAt, f.receivedAt(),
                f.currencyCode(), f.amountMinor()), event(template).toBuilder().setEventId(id)
                        .setOccurredAt(Timestamps.of(occurredAt)).build().toByteArray(),
                template.origin(), "hash-" + id, template.expiresAt());
    }

    /** The ObserveEvent request its outbox entry holds for scoring. */
    static byte[] observe(StoredEvent event, String personId) {
        return ObserveEventRequest.newBuilder().setEventId(event.eventId()).setPersonId(personId)
                .setEventType("page_view").setChannel(event(event).getChannel())
                .setOccurredAt(event(event).getOccurredAt()).setSource(event(event).getSource()).build()
                .toByteArray();
    }

    private static Event event(StoredEvent stored) {
        try {
            return Event.parseFrom(stored.event());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
