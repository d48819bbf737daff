package io.crowsnest.scoring.domain;

/** The person was erased (ForgetPerson, or identity's erasure): scoring stores nothing more about it. */
public final class PersonForgotten extends ScoringException {

    public PersonForgotten(String personId) {
        super(Kind.FAILED_PRECONDITION, "PERSON_FORGOTTEN", "person '" + personId
                + "' was forgotten; scoring stores nothing more about it");
    }
}
