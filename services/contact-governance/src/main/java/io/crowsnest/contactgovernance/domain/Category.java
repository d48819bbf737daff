package io.crowsnest.contactgovernance.domain;

/** Why a contact is made; names match crowsnest.common.v1.ContactCategory without its prefix. */
public enum Category {
    MARKETING, SERVICE, TRANSACTIONAL, MANDATORY;

    /** The consent purpose a contact of this category needs. */
    public Purpose purpose() {
        return this == MARKETING ? Purpose.MARKETING : Purpose.SERVICE;
    }
}
