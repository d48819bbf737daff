package io.crowsnest.profile.service;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.google.protobuf.Message;

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

    /** An id for the n-th thing derived from a key, e.g. the history entries of one request. */
    public static String id(String key, String part) {
        byte[] digest = sha256().digest((key + "\u0000" + part).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
