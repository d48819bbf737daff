package io.crowsnest.profile.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import com.google.protobuf.Message;

import io.crowsnest.profile.service.Fingerprint;

/**
 * Opaque page tokens of the newest-first lists: the position after the last item returned (its
 * instant to the millisecond and its id) bound to a fingerprint of the request's filter, so that a
 * token replayed with another filter is refused rather than silently skipping items.
 */
final class PageTokens {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 500;

    private PageTokens() {
    }

    /** A position in a list: the last item's instant and id. */
    record Position(Instant at, String id) {
    }

    /** The page size asked for, after recording a bad one. */
    static int size(int pageSize, String field, Checks checks) {
        if (pageSize < 0 || pageSize > MAX_SIZE) {
            checks.add(field, "must be 0 (default " + DEFAULT_SIZE + ") to " + MAX_SIZE + ", got " + pageSize);
        }
        return pageSize <= 0 ? DEFAULT_SIZE : Math.min(pageSize, MAX_SIZE);
    }

    /** The position a token names, null for an empty token, after recording a bad one. */
    static Position read(String token, Message filter, String field, Checks checks) {
        if (token.isEmpty()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", 3);
            if (parts.length == 3 && parts[0].equals(filterKey(filter))) {
                return new Position(Instant.ofEpochMilli(Long.parseLong(parts[1])), parts[2]);
            }
        } catch (IllegalArgumentException e) {
            // not base64 or not a number: refused below like any other foreign token
        }
        checks.add(field, "is malformed or was issued for another filter", "PAGE_TOKEN_INVALID");
        return null;
    }

    static String next(Message filter, Instant at, String id) {
        String raw = filterKey(filter) + "|" + at.toEpochMilli() + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String filterKey(Message filter) {
        return Fingerprint.of(filter).substring(0, 16);
    }
}
