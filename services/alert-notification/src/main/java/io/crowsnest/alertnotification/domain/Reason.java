package io.crowsnest.alertnotification.domain;

/** A stable code and a sentence with figures. */
public record Reason(String code, String message) {
}
