package io.crowsnest.contactgovernance.domain;

/** Why a contact is made; the same names as the contract's contact categories. */
public enum Category {
    MARKETING, SERVICE, TRANSACTIONAL, MANDATORY;

    /** The consent purpose a contact of this category needs. */
    public Purpose purpose() {
        return this == MARKETING ? Purpose.MARKETING : Purpose.SERVICE;
    }
}
