package io.crowsnest.contactgovernance.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The hold of a reservation, the age of a contact recorded late, the span of a simulation. */
class ContactHorizonsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");

    @Test
    void aReservationHoldsFifteenMinutesByDefaultAndAtMostADay() {
        assertEquals(Optional.of(Duration.ofMinutes(15)), ContactHorizons.hold(0));
        assertEquals(Optional.of(Duration.ofSeconds(1)), ContactHorizons.hold(1));
        assertEquals(Optional.of(Duration.ofDays(1)), ContactHorizons.hold(86_400));
        assertEquals(Optional.empty(), ContactHorizons.hold(86_401));
        assertEquals(Optional.empty(), ContactHorizons.hold(-1));
    }

    @Test
    void aContactMadeElsewhereIsRecordedUpTo400DaysLater() {
        assertFalse(ContactHorizons.tooOldToRecord(NOW.minus(Duration.ofDays(400)), NOW));
        assertTrue(ContactHorizons.tooOldToRecord(NOW.minus(Duration.ofDays(400)).minusNanos(1), NOW));
    }

    @Test
    void aSimulationSpansAtMost400Days() {
        Instant start = NOW.minus(Duration.ofDays(400));
        assertFalse(ContactHorizons.tooLongToSimulate(start, NOW));
        assertTrue(ContactHorizons.tooLongToSimulate(start.minusNanos(1), NOW));
    }
}
