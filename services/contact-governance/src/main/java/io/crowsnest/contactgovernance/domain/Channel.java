package io.crowsnest.contactgovernance.domain;

/** A point of contact; the same names as the contract's channels. */
public enum Channel {
    EMAIL, SMS, PHONE, PUSH, WEB, MOBILE_APP, DIRECT_MAIL, SOCIAL, ADVERTISING, STORE, CHAT;

    /** Lower-case words for sentences, e.g. "mobile app". */
    public String words() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
