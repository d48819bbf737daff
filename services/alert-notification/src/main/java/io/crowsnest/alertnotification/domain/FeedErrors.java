package io.crowsnest.alertnotification.domain;

import java.util.Map;

/** Refusals of a subscription's resume offset. */
public final class FeedErrors {

    private FeedErrors() {
    }

    /** Entries after the offset are no longer retained: reload the inbox and subscribe after its latest offset. */
    public static final class OffsetExpired extends DomainException {
        public OffsetExpired(long after, long floor) {
            super(Kind.FAILED_PRECONDITION, "OFFSET_EXPIRED", "entries after offset " + after
                    + " are no longer kept (the feed starts at " + floor + "); reload with ListInbox and subscribe "
                    + "after its latest_offset", "after_offset", Map.of("oldest_offset", Long.toString(floor)));
        }
    }

    /** An offset the feed has not reached. */
    public static final class OffsetAhead extends DomainException {
        public OffsetAhead(long after, long latest) {
            super(Kind.INVALID_ARGUMENT, "OFFSET_AHEAD", "after_offset " + after + " is greater than the latest offset "
                    + latest, "after_offset", Map.of());
        }
    }

    /** Checks a resume offset against the feed's latest offset and the oldest retained one. */
    public static void requireResumable(long after, long latest, long floor) {
        if (after > latest) {
            throw new OffsetAhead(after, latest);
        }
        if (after > 0 && floor > 0 && after + 1 < floor) {
            throw new OffsetExpired(after, floor);
        }
    }
}
