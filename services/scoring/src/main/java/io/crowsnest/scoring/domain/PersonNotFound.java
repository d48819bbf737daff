package io.crowsnest.scoring.domain;

/** Scoring (and, where asked, identity) knows nothing about the person. */
public final class PersonNotFound extends ScoringException {

    public PersonNotFound(String message) {
        super(Kind.NOT_FOUND, "PERSON_NOT_FOUND", message);
    }
}
