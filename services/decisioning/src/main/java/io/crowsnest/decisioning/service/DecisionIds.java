package io.crowsnest.decisioning.service;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/** Decision ids that sort by time: 12 hex digits of epoch milliseconds, then 10 random hex digits. */
final class DecisionIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private DecisionIds() {
    }

    static String next(Instant at) {
        byte[] random = new byte[5];
        RANDOM.nextBytes(random);
        return String.format("%012x", at.toEpochMilli()) + HexFormat.of().formatHex(random);
    }
}
