package io.crowsnest.identity.domain;

/** An identifier as shown to callers: its type, masked value and namespace, never the raw value. */
public record MaskedIdentifier(String type, String maskedValue, String namespace) {

    public static MaskedIdentifier of(Identifier identifier) {
        return new MaskedIdentifier(identifier.type().name(), identifier.masked(), identifier.namespace());
    }
}
