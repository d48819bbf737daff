package io.crowsnest.alertnotification.domain;

/** What happened to a delivery's contact-governance reservation. */
public enum Disposition {
    OPEN, COMMITTED, COMMIT_PENDING, RELEASED
}
