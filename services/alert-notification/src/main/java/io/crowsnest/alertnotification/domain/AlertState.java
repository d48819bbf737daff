package io.crowsnest.alertnotification.domain;

/** Where an alert is in its handling; moves only forward. */
public enum AlertState {
    UNREAD, READ, ACKNOWLEDGED
}
