package io.crowsnest.scoring.domain;

/**
 * A person resolved during the request — the survivor a merged-away id led to — was erased
 * (ForgetPerson, or identity's erasure) meanwhile: scoring stores nothing more about it. A request
 * that names an erased id itself is {@link PersonNotFound#erased}.
 */
public final class PersonForgotten extends ScoringException {

    public PersonForgotten(String personId) {
        super(Kind.FAILED_PRECONDITION, "PERSON_FORGOTTEN", "person '" + personId
                + "' was forgotten; scoring stores nothing more about it");
    }
}
