package io.crowsnest.profile.store;

import java.time.Instant;
import java.util.List;

import io.crowsnest.profile.domain.EventFacts;
import io.crowsnest.profile.domain.MaskedIdentifier;

/**
 * How a recorded event is kept: the contract's Event as bytes (person_id unset: whoever holds the
 * origin now), as stored since the first release and shown back as is. The store and the use cases
 * treat the bytes as an opaque payload and read only the {@link EventFacts} decoded from them; the
 * one implementation lives with the other contract mapping in mapping/ (StoredEvents).
 */
public interface EventFormat {

    /**
     * The event to keep: the checked RecordEventRequest (its bytes, as the adapter passed them on)
     * with the identifiers identity resolved, masked, and when it arrived.
     */
    byte[] event(byte[] request, List<MaskedIdentifier> identifiers, Instant receivedAt);

    /** The facts of a kept event; fails when the bytes are not an Event. */
    EventFacts facts(byte[] event);
}
