package io.crowsnest.platform.digest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class DigestsTest {

    @Test
    void sha256OfAbcIsTheStandardVector() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Digests.sha256Hex("abc"));
    }

    @Test
    void partsAreLengthPrefixedSoTheirBoundariesCount() {
        assertNotEquals(Digests.sha256Hex("ab", "c"), Digests.sha256Hex("a", "bc"));
        assertEquals(Digests.sha256Hex("ab", "c"), Digests.sha256Hex("ab", "c"));
    }
}
