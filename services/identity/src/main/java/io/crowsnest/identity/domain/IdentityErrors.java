package io.crowsnest.identity.domain;

/** The refusals of identity, one class per situation so that the code raising one names it. */
public final class IdentityErrors {

    private IdentityErrors() {
    }

    /** No person has the id, or it was forgotten (a tombstone resolves to nobody), or nobody holds an identifier. */
    public static final class PersonNotFound extends IdentityException {
        public PersonNotFound(String message) {
            super(Kind.NOT_FOUND, "PERSON_NOT_FOUND", message);
        }

        public static PersonNotFound id(String personId) {
            return new PersonNotFound("no person has id '" + personId + "'");
        }
    }

    /** A person a merge involves was forgotten since, so the merge cannot be reversed. */
    public static final class PersonForgotten extends IdentityException {
        public PersonForgotten(String personId, String mergeId) {
            super(Kind.FAILED_PRECONDITION, "PERSON_FORGOTTEN",
                    "person " + personId + " of merge " + mergeId + " was forgotten since");
        }
    }

    public static final class MergeNotFound extends IdentityException {
        public MergeNotFound(String mergeId) {
            super(Kind.NOT_FOUND, "MERGE_NOT_FOUND", "no merge has id '" + mergeId + "'");
        }
    }

    public static final class MergeIntoSelf extends IdentityException {
        public MergeIntoSelf() {
            super(Kind.FAILED_PRECONDITION, "MERGE_INTO_SELF",
                    "person_id and other_person_id are the same person: a person cannot be merged into itself");
        }
    }

    public static final class MergeAlreadyReversed extends IdentityException {
        public MergeAlreadyReversed(String mergeId, boolean concurrently) {
            super(Kind.FAILED_PRECONDITION, "MERGE_ALREADY_REVERSED", "merge " + mergeId
                    + (concurrently ? " was reversed by a concurrent request" : " was already reversed"));
        }
    }

    /** Others changed the same persons or identifiers too often meanwhile; the same key may retry. */
    public static final class Contention extends IdentityException {
        public Contention(String what) {
            super(Kind.ABORTED, "CONTENTION", what + "; retry with the same idempotency key");
        }
    }

    /** A change-stream consumer is further behind than the changes kept. */
    public static final class OffsetExpired extends IdentityException {
        public OffsetExpired(long afterOffset, long oldest) {
            super(Kind.FAILED_PRECONDITION, "OFFSET_EXPIRED", "changes after offset " + afterOffset
                    + " are no longer retained (oldest retained: " + oldest + "); resynchronise with GetIdentity");
        }
    }

    /** The thread waiting for a lease was interrupted: the server is stopping. */
    public static final class ShuttingDown extends IdentityException {
        public ShuttingDown() {
            super(Kind.UNAVAILABLE, "SHUTTING_DOWN", "the server is shutting down");
        }
    }
}
