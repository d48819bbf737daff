package io.crowsnest.profile.domain;

/** An identifier as identity shows it: its type, masked value and namespace, never the raw value. */
public record MaskedIdentifier(String type, String maskedValue, String namespace) {
}
