package io.crowsnest.contactgovernance.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Five minutes of a caller's clock either way, to the instant. */
class ClockSkewTest {

    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");

    @Test
    void aReportedInstantMayBeUpToFiveMinutesAhead() {
        assertFalse(ClockSkew.inFuture(NOW.plus(Duration.ofMinutes(5)), NOW));
        assertTrue(ClockSkew.inFuture(NOW.plus(Duration.ofMinutes(5)).plusNanos(1), NOW));
        assertFalse(ClockSkew.inFuture(NOW.minus(Duration.ofDays(1)), NOW));
    }

    @Test
    void aPlannedInstantMayBeUpToFiveMinutesBehindAndIsThenEvaluatedNow() {
        Instant late = NOW.minus(Duration.ofMinutes(5));
        assertFalse(ClockSkew.inPast(late, NOW));
        assertTrue(ClockSkew.inPast(late.minusNanos(1), NOW));
        assertEquals(NOW, ClockSkew.evaluatedAt(late, NOW));
        Instant later = NOW.plus(Duration.ofHours(1));
        assertEquals(later, ClockSkew.evaluatedAt(later, NOW));
    }
}
