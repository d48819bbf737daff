package io.crowsnest.contactgovernance.domain;

/** No person is known by the reference given (identity holds no such identifier, or governance holds nothing). */
public class PersonNotFound extends GovernanceException {

    public PersonNotFound(String message) {
        super(Kind.NOT_FOUND, "PERSON_NOT_FOUND", message);
    }
}
