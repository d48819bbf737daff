package io.crowsnest.profile.store;

import java.time.Instant;

import org.bson.Document;
import org.bson.types.Binary;

import io.crowsnest.profile.domain.EventFacts;

/**
 * An event as profile keeps it: the contract's Event as opaque bytes (without person_id, which is
 * whoever holds the origin now; see {@link EventFormat}), the facts read from them, and the id of
 * the person it was recorded for, its lineage: an unmerge moves it back by that id.
 *
 * @param facts      what profile's rules and queries use of the event
 * @param event      the contract's Event bytes, person_id unset
 * @param origin     the person id it was recorded for
 * @param hash       fingerprint of the RecordEvent request, to tell a retry from a reused event id
 * @param expiresAt  when retention deletes it
 */
public record StoredEvent(EventFacts facts, byte[] event, String origin, String hash, Instant expiresAt) {

    public String eventId() {
        return facts.eventId();
    }

    public Instant receivedAt() {
        return facts.receivedAt();
    }

    /** The document: the event as protobuf bytes plus the fields that queries filter and sort on. */
    Document document() {
        return new Document("_id", facts.eventId()).append("origin", origin).append("hash", hash)
                .append("occurredAt", Mongo.date(facts.occurredAt()))
                .append("type", facts.type()).append("customType", facts.customType())
                .append("channel", facts.channel()).append("expiresAt", Mongo.date(expiresAt))
                .append("event", new Binary(event));
    }

    static StoredEvent of(Document doc, EventFormat format) {
        byte[] event = doc.get("event", Binary.class).getData();
        try {
            return new StoredEvent(format.facts(event), event, doc.getString("origin"), doc.getString("hash"),
                    Mongo.instant(doc.getDate("expiresAt")));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("stored event " + doc.get("_id") + " is unreadable", e);
        }
    }
}
