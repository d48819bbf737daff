package io.crowsnest.profile.store;

import java.time.Instant;

import org.bson.Document;
import org.bson.types.Binary;

import com.google.protobuf.InvalidProtocolBufferException;

import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.v1.Event;

/**
 * An event as profile keeps it: the contract's Event (without person_id, which is whoever holds
 * the origin now) and the id of the person it was recorded for, its lineage: an unmerge moves it
 * back by that id.
 *
 * @param event      the event, person_id unset
 * @param origin     the person id it was recorded for
 * @param hash       fingerprint of the RecordEvent request, to tell a retry from a reused event id
 * @param expiresAt  when retention deletes it
 */
public record StoredEvent(Event event, String origin, String hash, Instant expiresAt) {

    public String eventId() {
        return event.getEventId();
    }

    public Instant receivedAt() {
        return Timestamps.instant(event.getReceivedAt());
    }

    /** The document: the event as protobuf bytes plus the fields that queries filter and sort on. */
    Document document() {
        return new Document("_id", event.getEventId()).append("origin", origin).append("hash", hash)
                .append("occurredAt", Mongo.date(Timestamps.instant(event.getOccurredAt())))
                .append("type", event.getType().name()).append("customType", event.getCustomType())
                .append("channel", event.getChannel().name()).append("expiresAt", Mongo.date(expiresAt))
                .append("event", new Binary(event.toByteArray()));
    }

    static StoredEvent of(Document doc) {
        try {
            return new StoredEvent(Event.parseFrom(doc.get("event", Binary.class).getData()), doc.getString("origin"),
                    doc.getString("hash"), Mongo.instant(doc.getDate("expiresAt")));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored event " + doc.get("_id") + " is unreadable", e);
        }
    }
}
