package io.crowsnest.identity.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * The hash keys by version as configured: new hashes under the current version, older versions
 * only to find what they hashed, and a configuration that would lose hashes refused with a message
 * naming the setting (never a key).
 */
class HashKeysTest {

    private static final String ORIGINAL = "original-key-of-the-first-release";
    private static final String SECOND = "second-key-rotated-in-later";
    private static final IdentifierTypes TYPES = IdentifierTypes.of(List.of("cookie", "device", "email", "phone",
            "crm", "loyalty", "social", "account"));

    @Test
    void theOriginalKeyAloneIsVersionOneAndHashesAsBeforeVersionsExisted() throws Exception {
        Normaliser before = new Normaliser(TYPES, "FR", new KeyedHash(ORIGINAL));
        Normaliser configured = new Normaliser(TYPES, "FR", HashKeys.of(Optional.of(ORIGINAL), List.of(), 1));
        Identifier a = before.normalise("email", "Ann@Example.com", "");
        Identifier b = configured.normalise("email", "Ann@Example.com", "");
        assertEquals(a.hash(), b.hash(), "a configuration without versions hashes exactly as before");
        assertEquals(1, b.keyVersion());
        assertEquals(Map.of(), b.olderHashes(), "nothing older to look for outside a rotation");
    }

    @Test
    void duringARotationNewHashesUseTheCurrentVersionAndTheOlderOnesAreStillComputed() throws Exception {
        HashKeys keys = HashKeys.of(Optional.of(ORIGINAL), List.of(" 2:" + SECOND), 2);
        assertEquals(2, keys.current());
        assertEquals(List.of(1), keys.older());
        Identifier rotated = new Normaliser(TYPES, "FR", keys).normalise("crm", "C-42", "");
        Identifier original = new Normaliser(TYPES, "FR", new KeyedHash(ORIGINAL)).normalise("crm", "C-42", "");
        Identifier second = new Normaliser(TYPES, "FR", HashKeys.of(Optional.empty(), List.of("2:" + SECOND), 2))
                .normalise("crm", "C-42", "");
        assertEquals(second.hash(), rotated.hash());
        assertEquals(2, rotated.keyVersion());
        assertEquals(Map.of(1, original.hash()), rotated.olderHashes());
        assertNotEquals(original.hash(), rotated.hash());
    }

    @Test
    void aConfigurationThatWouldLoseHashesIsRefusedWithTheSettingNamed() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> HashKeys.of(Optional.of(ORIGINAL), List.of("2:" + SECOND), 3));
        assertEquals("crowsnest.identity.hash-key-version (CROWSNEST_IDENTITY_HASH_KEY_VERSION) is 3 but no hash key "
                + "of version 3 is configured (configured versions: [1, 2])", missing.getMessage());

        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> HashKeys.of(Optional.empty(), List.of("2:" + SECOND, "2:" + ORIGINAL), 2));
        assertTrue(twice.getMessage().startsWith("hash key version 2 is configured twice"), twice.getMessage());
        IllegalArgumentException originalTwice = assertThrows(IllegalArgumentException.class,
                () -> HashKeys.of(Optional.of(ORIGINAL), List.of("1:" + SECOND), 1));
        assertTrue(originalTwice.getMessage().contains("hash key version 1 is configured twice "
                + "(crowsnest.identity.hash-key, CROWSNEST_IDENTITY_HASH_KEY, is version 1)"), originalTwice.getMessage());

        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> HashKeys.of(Optional.empty(), List.of(), 1));
        assertTrue(none.getMessage().startsWith("no identifier hash key configured"), none.getMessage());
        IllegalArgumentException unversioned = assertThrows(IllegalArgumentException.class,
                () -> HashKeys.of(Optional.of(ORIGINAL), List.of(SECOND), 1));
        assertTrue(unversioned.getMessage().contains("is not written <version>:<secret>"), unversioned.getMessage());
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> HashKeys.of(Optional.of(ORIGINAL), List.of("2:short"), 2));
        assertEquals("hash key version 2: the identifier hash key must be at least 16 characters",
                shortKey.getMessage());

        for (IllegalArgumentException e : List.of(missing, twice, originalTwice, unversioned, shortKey)) {
            assertFalse(e.getMessage().contains(ORIGINAL) || e.getMessage().contains(SECOND),
                    "no key in the message: " + e.getMessage());
        }
    }
}
