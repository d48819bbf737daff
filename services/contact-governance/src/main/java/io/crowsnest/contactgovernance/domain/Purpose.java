package io.crowsnest.contactgovernance.domain;

/** The purpose a customer consents to; names match crowsnest.common.v1.ConsentPurpose. */
public enum Purpose {
    MARKETING, SERVICE
}
