package io.crowsnest.scoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class TimelineTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Activation at(String plan, long version, Instant from) {
        return new Activation(plan, version, from, from, "jane", "");
    }

    @Test
    void theVersionInForceAtAnInstantIsTheLatestEffectiveByThen() {
        Timeline t = new Timeline(List.of(at("web", 2, T0.plusSeconds(100)), at("web", 1, T0)));
        assertEquals(Optional.empty(), t.inForce("web", T0.minusSeconds(1)));
        assertEquals(1, t.inForce("web", T0).orElseThrow().version());
        assertEquals(1, t.inForce("web", T0.plusSeconds(99)).orElseThrow().version());
        assertEquals(2, t.inForce("web", T0.plusSeconds(100)).orElseThrow().version());
        assertTrue(t.inForce("other", T0.plusSeconds(100)).isEmpty());
    }

    @Test
    void statesFollowTheClock() {
        Instant now = T0.plusSeconds(50);
        Timeline t = new Timeline(List.of(at("web", 1, T0), at("web", 2, T0.plusSeconds(100))));
        assertEquals(PlanState.ACTIVE, t.state("web", 1, now));
        assertEquals(PlanState.SCHEDULED, t.state("web", 2, now));
        assertEquals(PlanState.DRAFT, t.state("web", 3, now));
        Instant later = T0.plusSeconds(150);
        assertEquals(PlanState.SUPERSEDED, t.state("web", 1, later));
        assertEquals(PlanState.ACTIVE, t.state("web", 2, later));
        assertEquals(Optional.of(T0.plusSeconds(100)), t.until(t.latestPeriod("web", 1, later).orElseThrow()));
    }

    @Test
    void anActivationDropsThePendingScheduleOfItsPlanOnlyAndKeepsHistory() {
        Instant now = T0.plusSeconds(50);
        Timeline t = new Timeline(List.of(at("web", 1, T0), at("web", 2, T0.plusSeconds(100)),
                at("svc", 4, T0.plusSeconds(200))));
        Timeline next = t.activate(at("web", 3, now), now);
        assertEquals(PlanState.DRAFT, next.state("web", 2, now));
        assertEquals(PlanState.ACTIVE, next.state("web", 3, now));
        assertEquals(PlanState.SCHEDULED, next.state("svc", 4, now));
        assertEquals(1, next.inForce("web", T0.plusSeconds(10)).orElseThrow().version());
        assertEquals(3, next.inForce("web", T0.plusSeconds(500)).orElseThrow().version());
    }
}
