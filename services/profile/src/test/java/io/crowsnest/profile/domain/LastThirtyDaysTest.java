package io.crowsnest.profile.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LastThirtyDaysTest {

    static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void theWindowIsTodayAndThe29UtcDaysBefore() {
        long first = LastThirtyDays.firstDay(NOW);
        assertEquals(LastThirtyDays.day(Instant.parse("2026-11-01T00:00:00Z")), first);
        assertTrue(LastThirtyDays.counts(Instant.parse("2026-11-01T00:00:00Z"), first));
        assertFalse(LastThirtyDays.counts(Instant.parse("2026-10-31T23:59:59.999Z"), first));
        assertTrue(LastThirtyDays.counts(NOW.plus(Duration.ofMinutes(5)), first), "the clock skew ahead counts");
        assertTrue(LastThirtyDays.counts(Instant.parse("2026-11-30T23:59:59Z"), first));
    }

    @Test
    void dayIsTheUtcDayAlsoBefore1970() {
        assertEquals(0, LastThirtyDays.day(Instant.EPOCH));
        assertEquals(-1, LastThirtyDays.day(Instant.EPOCH.minusMillis(1)));
        assertEquals(1, LastThirtyDays.day(Instant.parse("1970-01-02T00:00:00Z")));
    }

    @Test
    void aShortRetentionShortensTheWindowToTheDaysItKeeps() {
        assertEquals(LastThirtyDays.firstDay(NOW), LastThirtyDays.firstDay(NOW, Duration.ofDays(395)));
        assertEquals(LastThirtyDays.day(Instant.parse("2026-11-23T00:00:00Z")),
                LastThirtyDays.firstDay(NOW, Duration.ofDays(7)));
    }

    @Test
    void bucketsAreSummedOverMembersFromTheFirstDayAndOlderOnesAreStale() {
        long first = LastThirtyDays.firstDay(NOW);
        Map<Long, Map<String, Long>> a = Map.of(first - 1, Map.of("CHANNEL_WEB", 5L), first,
                Map.of("CHANNEL_WEB", 2L, "CHANNEL_EMAIL", 1L));
        Map<Long, Map<String, Long>> b = Map.of(first + 29, Map.of("CHANNEL_WEB", 3L));
        assertEquals(Map.of("CHANNEL_WEB", 5L, "CHANNEL_EMAIL", 1L), LastThirtyDays.sum(List.of(a, b), first));
        assertEquals(List.of(first - 3, first - 1), LastThirtyDays.stale(List.of(first, first - 1, first - 3), first));
    }
}
