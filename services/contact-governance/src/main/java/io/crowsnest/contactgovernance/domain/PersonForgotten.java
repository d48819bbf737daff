package io.crowsnest.contactgovernance.domain;

/** The person id was erased (ForgetPerson or identity's FORGOTTEN): nothing is kept or granted for it. */
public class PersonForgotten extends GovernanceException {

    public PersonForgotten(String message) {
        super(Kind.FAILED_PRECONDITION, "PERSON_FORGOTTEN", message);
    }
}
