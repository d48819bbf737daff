package io.crowsnest.alertnotification.domain;

/** A delivery address from identity: identifier type, raw value (never stored), masked value, namespace. */
public record Address(String type, String value, String maskedValue, String namespace) {
}
