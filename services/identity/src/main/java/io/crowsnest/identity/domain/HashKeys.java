package io.crowsnest.identity.domain;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The keys identifier values are hashed under, by version: the current one makes every new hash;
 * the older ones (during a rotation) only find identifiers hashed before it, which are then hashed
 * again under the current one. A hash stored without a version was made by the original key,
 * version {@value #ORIGINAL_VERSION}.
 */
public final class HashKeys {

    /** The version of the key configured before keys had versions (crowsnest.identity.hash-key). */
    public static final int ORIGINAL_VERSION = 1;

    private final int current;
    private final Map<Integer, KeyedHash> byVersion;

    private HashKeys(int current, Map<Integer, KeyedHash> byVersion) {
        this.current = current;
        this.byVersion = byVersion;
    }

    /** One key, the original version: what a configuration without versions means. */
    public static HashKeys single(KeyedHash key) {
        return new HashKeys(ORIGINAL_VERSION, Map.of(ORIGINAL_VERSION, key));
    }

    /**
     * Reads the configured keys: the original key (version 1), if still configured, and further keys
     * written {@code <version>:<secret>}, of which {@code currentVersion} makes new hashes.
     *
     * @throws IllegalArgumentException naming what is wrong (a version configured twice, the current
     *         version missing, a malformed or short key), never a key
     */
    public static HashKeys of(Optional<String> originalKey, List<String> versionedKeys, int currentVersion) {
        Map<Integer, KeyedHash> keys = new TreeMap<>();
        originalKey.filter(k -> !k.isBlank()).ifPresent(k -> keys.put(ORIGINAL_VERSION, key(k, ORIGINAL_VERSION)));
        for (int i = 0; i < versionedKeys.size(); i++) {
            String entry = versionedKeys.get(i).strip();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            int version;
            try {
                version = Integer.parseInt(entry.substring(0, Math.max(colon, 0)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("hash key #" + (i + 1) + " of crowsnest.identity.hash-keys "
                        + "(CROWSNEST_IDENTITY_HASH_KEYS) is not written <version>:<secret>");
            }
            if (version <= 0) {
                throw new IllegalArgumentException("hash key #" + (i + 1) + " of crowsnest.identity.hash-keys "
                        + "needs a positive version, got " + version);
            }
            if (keys.containsKey(version)) {
                throw new IllegalArgumentException("hash key version " + version + " is configured twice"
                        + (version == ORIGINAL_VERSION ? " (crowsnest.identity.hash-key, CROWSNEST_IDENTITY_HASH_KEY, "
                                + "is version " + ORIGINAL_VERSION + ")" : "")
                        + ": every version names one key, or hashes made under it could not be found");
            }
            keys.put(version, key(entry.substring(colon + 1), version));
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no identifier hash key configured: set crowsnest.identity.hash-key "
                    + "(CROWSNEST_IDENTITY_HASH_KEY) or crowsnest.identity.hash-keys (CROWSNEST_IDENTITY_HASH_KEYS)");
        }
        if (!keys.containsKey(currentVersion)) {
            throw new IllegalArgumentException("crowsnest.identity.hash-key-version (CROWSNEST_IDENTITY_HASH_KEY_VERSION)"
                    + " is " + currentVersion + " but no hash key of version " + currentVersion + " is configured "
                    + "(configured versions: " + keys.keySet() + ")");
        }
        return new HashKeys(currentVersion, Map.copyOf(keys));
    }

    private static KeyedHash key(String secret, int version) {
        try {
            return new KeyedHash(secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hash key version " + version + ": " + e.getMessage());
        }
    }

    /** The version new hashes are made under. */
    public int current() {
        return current;
    }

    /** The configured versions other than the current one, lowest first: they only find older hashes. */
    public List<Integer> older() {
        return byVersion.keySet().stream().filter(v -> v != current).sorted().toList();
    }

    /** The hash under the current key. */
    String hash(String type, String namespace, String normalisedValue) {
        return byVersion.get(current).of(type, namespace, normalisedValue);
    }

    /** The hashes under the older keys, by version (empty outside a rotation). */
    Map<Integer, String> olderHashes(String type, String namespace, String normalisedValue) {
        Map<Integer, String> hashes = new TreeMap<>();
        for (int version : older()) {
            hashes.put(version, byVersion.get(version).of(type, namespace, normalisedValue));
        }
        return Map.copyOf(hashes);
    }
}
