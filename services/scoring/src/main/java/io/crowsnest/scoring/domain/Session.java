package io.crowsnest.scoring.domain;

import java.time.Instant;

/** The events of one visit sharing a session id, summed up. */
public record Session(String sessionId, Instant startedAt, Instant lastEventAt, int pageViews, int maxPageDepth,
        long timeOnPageSeconds, String trafficSource) {

    /** Time on page summed, or the session's span when larger. */
    public long timeSpentSeconds() {
        return Math.max(timeOnPageSeconds, lastEventAt.getEpochSecond() - startedAt.getEpochSecond());
    }
}
