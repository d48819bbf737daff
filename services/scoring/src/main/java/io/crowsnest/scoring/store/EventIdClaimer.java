package io.crowsnest.scoring.store;

import java.time.Duration;

/** Claims event ids (see {@link EventIds}) one event at a time. */
public interface EventIdClaimer {

    /** True when the id is new or was first seen with the same content. */
    boolean claim(String eventId, String contentHash, Duration retention);
}
