package io.crowsnest.alertnotification.domain;

import java.time.Instant;

/**
 * One of the person's events as profile holds it: its id and when it occurred (which order the
 * activity feed), and the event itself as profile encoded it — an opaque payload this service
 * passes on to the screen unread.
 */
public record ProfileEvent(String eventId, Instant occurredAt, byte[] payload) {

    /** The event's place in the feed. */
    public ActivityCursor position() {
        return new ActivityCursor(occurredAt, eventId);
    }
}
