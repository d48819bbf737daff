package io.crowsnest.profile.service;

import com.google.protobuf.Message;

import io.crowsnest.platform.digest.Digests;
import io.crowsnest.platform.grpc.ContentHash;

/**
 * Short stable ids derived from content: the SHA-256 of a request (map fields in a fixed order), to
 * tell a retry from an event id reused for another event, and ids of history entries derived from
 * the request or merge that wrote them, so that writing them again is a no-op.
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    public static String of(Message request) {
        return ContentHash.of(request);
    }

    /**
     * An id for the n-th thing derived from a key, e.g. the history entries of one request: the
     * first 128 bits of SHA-256(key NUL part), 32 hex characters (stored ids depend on it).
     */
    public static String id(String key, String part) {
        return Digests.sha256Hex(key + "\u0000" + part).substring(0, 32);
    }
}
