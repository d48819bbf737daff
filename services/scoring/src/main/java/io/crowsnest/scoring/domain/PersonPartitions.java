package io.crowsnest.scoring.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Splits the person-id space into partitions so several readers share one audience without
 * overlap: a person id belongs to partition (first 8 bytes of SHA-256 of its UTF-8 bytes, unsigned
 * big-endian) mod count, as the contract's PersonPartition says.
 */
public final class PersonPartitions {

    private PersonPartitions() {
    }

    /** The partition of the person id among count partitions (0 when count is 0 or 1). */
    public static int of(String personId, int count) {
        if (count <= 1) {
            return 0;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(personId.getBytes(StandardCharsets.UTF_8));
            return (int) Long.remainderUnsigned(ByteBuffer.wrap(digest, 0, 8).getLong(), count);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** True when the person id is in partition index of count (always true for 0 or 1 partitions). */
    public static boolean contains(String personId, int index, int count) {
        return count <= 1 || of(personId, count) == index;
    }
}
