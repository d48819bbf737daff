package io.crowsnest.identity.domain;

/**
 * An identifier after normalisation: its type, namespace, normalised value (personal data: never
 * logged, stored raw only for delivery types), display mask and keyed hash used for matching.
 */
public record Identifier(IdentifierType type, String namespace, String value, String masked, String hash) {

    @Override
    public String toString() {
        return type.name() + "/" + namespace + "/" + masked;
    }
}
