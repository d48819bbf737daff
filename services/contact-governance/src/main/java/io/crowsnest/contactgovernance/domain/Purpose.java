package io.crowsnest.contactgovernance.domain;

/** The purpose a customer consents to; the same names as the contract's consent purposes. */
public enum Purpose {
    MARKETING, SERVICE
}
