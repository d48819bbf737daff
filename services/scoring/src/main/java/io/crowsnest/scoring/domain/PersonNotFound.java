package io.crowsnest.scoring.domain;

/** Scoring (and, where asked, identity) knows nothing about the person. */
public final class PersonNotFound extends ScoringException {

    public PersonNotFound(String message) {
        super(Kind.NOT_FOUND, "PERSON_NOT_FOUND", message);
    }

    /** The person id the request names was erased: it no longer exists, for scoring as for everyone. */
    public static PersonNotFound erased(String personId) {
        return new PersonNotFound("person '" + personId + "' was erased; scoring holds and takes nothing about it");
    }
}
