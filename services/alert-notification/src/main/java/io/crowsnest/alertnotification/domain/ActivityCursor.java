package io.crowsnest.alertnotification.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Where a customer's activity feed stands: the last event shown, by when it occurred and its id
 * (the order profile lists events in). Opaque to callers as base64url text.
 */
public record ActivityCursor(Instant occurredAt, String eventId) implements Comparable<ActivityCursor> {

    /** The position before every event. */
    public static final ActivityCursor START = new ActivityCursor(Instant.EPOCH, "");

    @Override
    public int compareTo(ActivityCursor o) {
        int byTime = occurredAt.compareTo(o.occurredAt);
        return byTime != 0 ? byTime : eventId.compareTo(o.eventId);
    }

    /** True when an event at this position comes after the cursor. */
    public boolean isAfter(ActivityCursor cursor) {
        return compareTo(cursor) > 0;
    }

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((occurredAt.getEpochSecond() + "." + occurredAt.getNano() + "|" + eventId)
                        .getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a text names; empty when the text is not one. */
    public static Optional<ActivityCursor> decode(String text) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|", 2);
            String[] time = parts[0].split("\\.", 2);
            if (parts.length == 2 && !parts[1].isEmpty() && time.length == 2) {
                return Optional.of(new ActivityCursor(Instant.ofEpochSecond(Long.parseLong(time[0]),
                        Long.parseLong(time[1])), parts[1]));
            }
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            // not a cursor
        }
        return Optional.empty();
    }
}
