package io.crowsnest.alertnotification.domain;

/** How urgent an alert is. */
public enum Severity {
    INFO, WARNING, URGENT
}
