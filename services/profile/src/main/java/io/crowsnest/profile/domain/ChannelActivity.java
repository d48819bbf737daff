package io.crowsnest.profile.domain;

import java.time.Instant;
import java.util.Comparator;

/**
 * A person's activity on one channel: first and last interaction (the last one's event type and id)
 * and how many events were ever recorded on it, retention-deleted ones included.
 */
public record ChannelActivity(Instant first, Instant last, String lastEventType, String lastEventId, long count) {

    /** The later interaction wins; at the same instant, the greater event id, as lists order them. */
    private static final Comparator<ChannelActivity> LATEST = Comparator.comparing(ChannelActivity::last)
            .thenComparing(ChannelActivity::lastEventId);

    public ChannelActivity plus(ChannelActivity other) {
        ChannelActivity latest = LATEST.compare(this, other) >= 0 ? this : other;
        return new ChannelActivity(first.isBefore(other.first) ? first : other.first, latest.last,
                latest.lastEventType, latest.lastEventId, count + other.count);
    }
}
