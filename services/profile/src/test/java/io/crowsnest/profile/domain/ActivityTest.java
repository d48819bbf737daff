package io.crowsnest.profile.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ActivityTest {

    static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void combinedActivityTakesTheExtremesAndSumsCountsAndValuesPerCurrency() {
        Activity a = new Activity(T.plusSeconds(10), T.plusSeconds(100), Map.of("EUR", 1999L),
                Map.of("CHANNEL_WEB", new ChannelActivity(T.plusSeconds(10), T.plusSeconds(100), "EVENT_TYPE_PURCHASE",
                        "e-2", 3)));
        Activity b = new Activity(T, T.plusSeconds(50), Map.of("EUR", -500L, "USD", 1000L),
                Map.of("CHANNEL_WEB", new ChannelActivity(T, T.plusSeconds(100), "EVENT_TYPE_SEARCH", "e-1", 2),
                        "CHANNEL_STORE", new ChannelActivity(T, T, "EVENT_TYPE_STORE_VISIT", "e-0", 1)));
        Activity both = Activity.combine(List.of(a, Activity.NONE, b));
        assertEquals(T, both.firstSeen());
        assertEquals(T.plusSeconds(100), both.lastSeen());
        assertEquals(Map.of("EUR", 1499L, "USD", 1000L), both.lifetimeValue());
        ChannelActivity web = both.channels().get("CHANNEL_WEB");
        assertEquals(5, web.count());
        assertEquals(T, web.first());
        assertEquals("EVENT_TYPE_PURCHASE", web.lastEventType(), "same instant: the greater event id is the last");
        assertEquals(1, both.channels().get("CHANNEL_STORE").count());
    }

    @Test
    void noEventsMeansNoInstants() {
        Activity none = Activity.combine(List.of(Activity.NONE));
        assertNull(none.firstSeen());
        assertNull(none.lastSeen());
    }
}
