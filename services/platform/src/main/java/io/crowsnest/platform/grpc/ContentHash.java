package io.crowsnest.platform.grpc;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;

import io.crowsnest.platform.digest.Digests;

/**
 * The SHA-256 of a message's deterministic serialisation (map entries in key order), in hex: equal
 * for equal content, so a retry can be told from a key or id reused with other content.
 */
public final class ContentHash {

    private ContentHash() {
    }

    public static String of(Message message) {
        MessageDigest sha = Digests.sha256();
        try (DigestOutputStream digest = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
            CodedOutputStream out = CodedOutputStream.newInstance(digest);
            out.useDeterministicSerialization();
            message.writeTo(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
