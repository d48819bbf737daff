package io.crowsnest.profile.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a person's document keeps beside its activity counters so that the 360 view needs no read of
 * the events collection: events per UTC day and channel within the last 30 days (see
 * domain.LastThirtyDays) and the ids of its most recent events. Both are updated in the same atomic
 * update that counts an event. A document written before they existed (or by an older replica)
 * counts events they miss: it is not {@code complete} until its index has been computed once from
 * its events (ActivityWindows).
 *
 * @param complete whether every event counted in the activity is in the index
 * @param days     events per epoch day and channel name, days of the window only (older ones are pruned)
 * @param recent   the most recent events counted, newest first (occurred-at, then event id), up to
 *                 {@link PersonStore#RECENT_KEPT}; an id may repeat
 * @param applied  the last applied event ids as stored (empty unless incomplete): an index computed
 *                 from the events is stored only while they are unchanged
 */
public record ActivityIndex(boolean complete, Map<Long, Map<String, Long>> days, List<Recent> recent,
        List<String> applied) {

    public static final ActivityIndex EMPTY = new ActivityIndex(true, Map.of(), List.of(), List.of());

    /** An event among the most recent: when it occurred and its id. */
    public record Recent(Instant occurredAt, String eventId) {
    }
}
