package io.crowsnest.profile.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class FingerprintTest {

    @Test
    void historyEntryIdsStayTheFirst128BitsOfSha256SoStoredIdsStillMatchARetry() {
        // SHA-256("idem-1\0attributes.given_name"), first 16 bytes in hex: the ids already stored
        assertEquals("b5c4f6570c3e18cfd823d9fc6a09152a", Fingerprint.id("idem-1", "attributes.given_name"));
        assertNotEquals(Fingerprint.id("idem-1", "attributes.given_name"), Fingerprint.id("idem-1", "attributes.city"));
    }
}
