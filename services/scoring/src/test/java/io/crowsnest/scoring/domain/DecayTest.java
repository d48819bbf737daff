package io.crowsnest.scoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class DecayTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final double EPS = 1e-12;

    @Test
    void aPointIsWorthHalfAfterOneHalfLifeAndAQuarterAfterTwo() {
        List<HalfLife> hour = List.of(new HalfLife(T0, 3600));
        assertEquals(0.5, Decay.factor(hour, T0, T0.plusSeconds(3600)), EPS);
        assertEquals(0.25, Decay.factor(hour, T0, T0.plusSeconds(7200)), EPS);
        assertEquals(Math.pow(0.5, 0.5), Decay.factor(hour, T0, T0.plusSeconds(1800)), EPS);
    }

    @Test
    void noDecayWithAZeroHalfLifeNoPiecesOrNoTimePassing() {
        assertEquals(1.0, Decay.factor(List.of(new HalfLife(T0, 0)), T0, T0.plusSeconds(86400)), EPS);
        assertEquals(1.0, Decay.factor(List.of(), T0, T0.plusSeconds(86400)), EPS);
        assertEquals(1.0, Decay.factor(List.of(new HalfLife(T0, 60)), T0, T0), EPS);
        assertEquals(1.0, Decay.factor(List.of(new HalfLife(T0, 60)), T0.plusSeconds(10), T0), EPS);
    }

    @Test
    void aHalfLifeChangeDecaysWithTheNewHalfLifeFromItsEffectiveFromOn() {
        // one hour at a 1-hour half-life, then two hours at a 2-hour half-life: 0.5 * 0.5
        List<HalfLife> pieces = List.of(new HalfLife(T0, 3600), new HalfLife(T0.plusSeconds(3600), 7200));
        assertEquals(0.25, Decay.factor(pieces, T0, T0.plusSeconds(3 * 3600)), EPS);
        // a point awarded after the change only sees the new half-life
        assertEquals(0.5, Decay.factor(pieces, T0.plusSeconds(7200), T0.plusSeconds(4 * 3600)), EPS);
        // before the first piece, the first half-life applies
        assertEquals(0.5, Decay.factor(pieces, T0.minusSeconds(3600), T0), EPS);
    }

    @Test
    void aPieceWithoutDecayStopsTheClock() {
        List<HalfLife> pieces = List.of(new HalfLife(T0, 3600), new HalfLife(T0.plusSeconds(3600), 0),
                new HalfLife(T0.plusSeconds(10 * 3600), 3600));
        assertEquals(0.25, Decay.factor(pieces, T0, T0.plusSeconds(11 * 3600)), EPS);
    }
}
