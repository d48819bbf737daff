package io.crowsnest.scoring.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything live about one person, as read in one step: behaviour counters, recent events and
 * sessions, score states, purchases of the value window and (when asked for) the contribution
 * log and retained events (JSON).
 *
 * @param recency latest occurred_at per "type|CHANNEL"
 * @param amounts net purchase amount ever, by currency
 */
public record PersonState(Instant firstEventAt, Instant lastEventAt, long eventCount, long purchaseCount,
        Instant lastPurchaseAt, Map<String, Long> amounts, Map<String, Instant> recency, List<EventMark> events,
        List<Session> sessions, Map<String, ScoreState> scores, List<Purchase> purchases,
        List<Contribution> contributions, List<String> retainedEvents) {
}
