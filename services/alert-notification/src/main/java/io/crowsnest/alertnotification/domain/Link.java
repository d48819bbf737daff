package io.crowsnest.alertnotification.domain;

/** A link shown with an alert. */
public record Link(String label, String url) {
}
