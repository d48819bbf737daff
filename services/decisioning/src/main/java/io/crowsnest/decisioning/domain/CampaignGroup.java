package io.crowsnest.decisioning.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which group of a campaign a person is in, decided by hashing so that it is the same every time
 * it is asked, on every instance, without storing anything first: the universal control group by
 * the person alone (held out of every campaign), the campaign's control group by campaign and person.
 */
public enum CampaignGroup {
    TARGET, CONTROL, UNIVERSAL_CONTROL;

    /** The person's group: universal control first, then the campaign's control share. */
    public static CampaignGroup of(String campaignId, String personId, int controlPercent, double universalPercent) {
        if (unit("universal:" + personId) < universalPercent / 100.0) {
            return UNIVERSAL_CONTROL;
        }
        if (unit(campaignId + ":" + personId) < controlPercent / 100.0) {
            return CONTROL;
        }
        return TARGET;
    }

    /**
     * The partition of the person-id space a person belongs to: the first 8 bytes of SHA-256 of the
     * person id, unsigned, modulo the partition count (as scoring partitions a segment's members).
     */
    public static int partition(String personId, int partitions) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(personId.getBytes(StandardCharsets.UTF_8));
            return (int) Long.remainderUnsigned(ByteBuffer.wrap(d, 0, 8).getLong(), partitions);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The first 8 bytes of SHA-256 of the text, read as an unsigned number scaled to [0, 1). */
    static double unit(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return (ByteBuffer.wrap(d, 0, 8).getLong() >>> 11) * 0x1.0p-53;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** True for both control groups. */
    public boolean heldOut() {
        return this != TARGET;
    }
}
