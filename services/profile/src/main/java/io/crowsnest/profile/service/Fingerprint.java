package io.crowsnest.profile.service;

import io.crowsnest.platform.digest.Digests;

/**
 * Ids of history entries derived from the request or merge that wrote them, so that writing them
 * again is a no-op. (A request's own fingerprint, to tell a retry from an event id reused for
 * another event, is taken by api/ from the request as sent and handed to the use case as a string.)
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    /**
     * An id for the n-th thing derived from a key, e.g. the history entries of one request: the
     * first 128 bits of SHA-256(key NUL part), 32 hex characters (stored ids depend on it).
     */
    public static String id(String key, String part) {
        return Digests.sha256Hex(key + "\u0000" + part).substring(0, 32);
    }
}
