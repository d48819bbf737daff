package io.crowsnest.contactgovernance.domain;

/**
 * A person resolved during the request (identity's answer to an identifier, or a merge survivor)
 * turned out to have been erased meanwhile (ForgetPerson or identity's FORGOTTEN): nothing is kept
 * or granted for it. An erased id the request names itself is {@link PersonNotFound}.
 */
public class PersonForgotten extends GovernanceException {

    public PersonForgotten(String message) {
        super(Kind.FAILED_PRECONDITION, "PERSON_FORGOTTEN", message);
    }
}
