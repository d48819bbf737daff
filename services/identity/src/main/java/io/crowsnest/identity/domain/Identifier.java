package io.crowsnest.identity.domain;

import java.util.Map;

/**
 * An identifier after normalisation: its type, namespace, normalised value (personal data: never
 * logged, stored raw only for delivery types), display mask and keyed hash used for matching, made
 * under the current hash key ({@code keyVersion}); during a key rotation also its hashes under the
 * older keys ({@code olderHashes}, by version), under which it may still be stored.
 */
public record Identifier(IdentifierType type, String namespace, String value, String masked, String hash,
        int keyVersion, Map<Integer, String> olderHashes) {

    public Identifier {
        olderHashes = Map.copyOf(olderHashes);
    }

    @Override
    public String toString() {
        return type.name() + "/" + namespace + "/" + masked;
    }
}
