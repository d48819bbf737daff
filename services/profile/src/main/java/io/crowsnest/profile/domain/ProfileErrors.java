package io.crowsnest.profile.domain;

/** The refusals of profile, one class per situation so that the code raising one names it. */
public final class ProfileErrors {

    private ProfileErrors() {
    }

    /** No person has the id, or the person was erased: reads of an erased person find nobody. */
    public static final class PersonNotFound extends ProfileException {
        public PersonNotFound(String personId) {
            super(Kind.NOT_FOUND, "PERSON_NOT_FOUND", "no person has id '" + personId + "', or the person was erased");
        }
    }

    /** An event's identifiers resolved to a person profile erased meanwhile: nothing of the event is kept. */
    public static final class PersonForgotten extends ProfileException {
        public PersonForgotten() {
            super(Kind.FAILED_PRECONDITION, "PERSON_FORGOTTEN",
                    "the person the identifiers resolved to was erased meanwhile; nothing was kept");
        }
    }

    /** An event id recorded before with other content (or resolved by identity with other identifiers). */
    public static final class EventIdReused extends ProfileException {
        private EventIdReused(String message) {
            super(Kind.ALREADY_EXISTS, "EVENT_ID_REUSED", message);
        }

        public static EventIdReused otherContent(String eventId) {
            return new EventIdReused("event_id '" + eventId
                    + "' was already recorded with different content; the stored event is unchanged");
        }

        public static EventIdReused otherIdentifiers(String eventId) {
            return new EventIdReused("event_id '" + eventId + "' was already used with other identifiers");
        }
    }

    /** Another request is recording the same event id right now. */
    public static final class EventInFlight extends ProfileException {
        public EventInFlight(String eventId) {
            super(Kind.ABORTED, "EVENT_IN_FLIGHT", "event " + eventId + " is being recorded concurrently; retry");
        }
    }

    /** Accepted (in the outbox) but the store was too slow to finish in time; it completes on its own. */
    public static final class StoreSlow extends ProfileException {
        public StoreSlow(String eventId) {
            super(Kind.UNAVAILABLE, "STORE_SLOW", "event " + eventId
                    + " is accepted but the store is too slow to finish now; it completes on its own, and a retry"
                    + " with the same event id answers duplicate");
        }
    }

    public static final class ProductNotFound extends ProfileException {
        public ProductNotFound(String productId) {
            super(Kind.NOT_FOUND, "PRODUCT_NOT_FOUND", "the person holds no product '" + productId + "' to remove");
        }
    }

    /** A change that would leave a person more custom attributes than allowed. */
    public static final class TooManyCustomAttributes extends ProfileException {
        public TooManyCustomAttributes(int max, long wouldBe) {
            super(Kind.INVALID_ARGUMENT, null, "a person has at most " + max + " custom attributes; this change would make "
                    + wouldBe, "attributes.custom");
        }
    }

    public static final class ExportTooLarge extends ProfileException {
        public ExportTooLarge(int bytes, int max) {
            super(Kind.FAILED_PRECONDITION, "EXPORT_TOO_LARGE", "the export would be " + bytes + " bytes, over the "
                    + max + " bytes the service sends in one message");
        }
    }
}
