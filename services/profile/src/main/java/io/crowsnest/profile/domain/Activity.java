package io.crowsnest.profile.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a person's events add up to: first and last seen, lifetime value per currency (purchases,
 * refunds negative, no conversion) and activity per channel. Kept as counters, so events deleted by
 * retention still count.
 *
 * @param firstSeen     occurred-at of the first event, or null when none
 * @param lastSeen      occurred-at of the last event, or null when none
 * @param lifetimeValue sum of purchase amounts in minor units, by ISO 4217 currency code
 * @param channels      activity by channel name
 */
public record Activity(Instant firstSeen, Instant lastSeen, Map<String, Long> lifetimeValue,
        Map<String, ChannelActivity> channels) {

    public static final Activity NONE = new Activity(null, null, Map.of(), Map.of());

    /** The activity of a person whose profile holds several persons' events (after merges). */
    public static Activity combine(Collection<Activity> activities) {
        Instant first = null;
        Instant last = null;
        Map<String, Long> value = new TreeMap<>();
        Map<String, ChannelActivity> channels = new TreeMap<>();
        for (Activity a : activities) {
            first = a.firstSeen == null || first != null && first.isBefore(a.firstSeen) ? first : a.firstSeen;
            last = a.lastSeen == null || last != null && !a.lastSeen.isAfter(last) ? last : a.lastSeen;
            a.lifetimeValue.forEach((currency, minor) -> value.merge(currency, minor, Long::sum));
            a.channels.forEach((channel, activity) -> channels.merge(channel, activity, ChannelActivity::plus));
        }
        return new Activity(first, last, value, channels);
    }
}
