package io.crowsnest.contactgovernance.domain;

/** Which contacts a frequency cap counts together. */
public enum CapScope {
    GLOBAL, CHANNEL, DIVISION, DIVISION_CHANNEL, CAMPAIGN
}
