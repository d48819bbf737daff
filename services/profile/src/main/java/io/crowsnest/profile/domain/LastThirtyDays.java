package io.crowsnest.profile.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What "the last 30 days" of a channel summary means: the 30 UTC calendar days ending with today,
 * today included, i.e. events that occurred at or after 00:00 UTC 29 days before today (and any
 * later, the clock skew's minutes past now included). At 10:00 UTC on 30 November that is from
 * 00:00 UTC on 1 November: an event is counted from its occurred-at until the end of the 29th UTC day
 * after it, between 29 and 30 days. Counts are kept per UTC day and channel ({@code days}: epoch day to
 * channel to events), so that a read sums at most 30 buckets instead of reading events. When
 * retention keeps events for less than that, the window starts on the UTC day retention reaches back to.
 */
public final class LastThirtyDays {

    /** Days in the window, today included. */
    public static final int DAYS = 30;

    private static final long SECONDS_PER_DAY = 86_400;

    private LastThirtyDays() {
    }

    /** The UTC day (days since 1970-01-01) an instant falls on. */
    public static long day(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), SECONDS_PER_DAY);
    }

    /** The first UTC day of the window at {@code now}, whatever the retention. */
    public static long firstDay(Instant now) {
        return day(now) - (DAYS - 1);
    }

    /** The first UTC day of the window at {@code now} when events are kept for {@code retention}. */
    public static long firstDay(Instant now, Duration retention) {
        return Math.max(firstDay(now), day(now.minus(retention)));
    }

    /** Whether an event that occurred then still counts in a window starting on {@code firstDay}. */
    public static boolean counts(Instant occurredAt, long firstDay) {
        return day(occurredAt) >= firstDay;
    }

    /** Events per channel over the days from {@code firstDay} on, summed over every member's buckets. */
    public static Map<String, Long> sum(Collection<Map<Long, Map<String, Long>>> days, long firstDay) {
        Map<String, Long> counts = new TreeMap<>();
        for (Map<Long, Map<String, Long>> member : days) {
            member.forEach((day, channels) -> {
                if (day >= firstDay) {
                    channels.forEach((channel, n) -> counts.merge(channel, n, Long::sum));
                }
            });
        }
        counts.values().removeIf(n -> n == 0);
        return counts;
    }

    /** The days of the buckets that fell out of the window starting on {@code firstDay}, to prune. */
    public static List<Long> stale(Collection<Long> days, long firstDay) {
        return days.stream().filter(d -> d < firstDay).sorted().toList();
    }
}
