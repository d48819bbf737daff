package io.crowsnest.gateway.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The supervisor page's charts: bars as wide as their share, the uplift's interval around zero. */
class ChartsTest {

    @Test
    void aFunnelStepIsAsWideAsItsShareOfTheAudience() {
        List<Charts.Step> steps = Charts.funnel(List.of("Audience", "Contacted", "Converted"), List.of(200L, 150L, 10L));
        assertEquals(Charts.WIDTH, steps.get(0).width());
        assertEquals(270, steps.get(1).width());
        assertEquals("75 %", steps.get(1).percent());
        assertEquals(18, steps.get(2).width());
        assertEquals(Charts.FUNNEL_BARS_AT + 270 + 6, steps.get(1).valueX());
        assertTrue(steps.get(2).barY() > steps.get(1).barY(), "one bar under the other");
        assertEquals(0, Charts.funnel(List.of("Audience", "Contacted"), List.of(0L, 0L)).get(1).width());
    }

    @Test
    void anUpliftShowsItsIntervalAroundZero() {
        Charts.Uplift uplift = Charts.uplift(true, 0.20, 0.021, 0.374, 0.95, "+20.0 points");
        assertTrue(uplift.known());
        assertEquals(Charts.WIDTH / 2, uplift.zero());
        assertTrue(uplift.lower() > uplift.zero() && uplift.lower() < uplift.estimate()
                && uplift.estimate() < uplift.upper(), uplift.toString());
        assertTrue(uplift.upper() <= Charts.WIDTH - 20, "the interval fits: " + uplift);
        assertEquals("+20.0 pts", uplift.estimateText());
        assertEquals("95 %", uplift.confidence());
        Charts.Uplift negative = Charts.uplift(true, -0.05, -0.10, 0.01, 0.95, "");
        assertTrue(negative.lower() < negative.estimate() && negative.estimate() < negative.zero()
                && negative.upper() > negative.zero(), negative.toString());
        assertFalse(Charts.uplift(false, 0, 0, 0, 0.95, "too few").known());
    }

    @Test
    void stackedBarsShareOneScale() {
        List<Charts.Row> rows = Charts.stacked(List.of("cards · email", "software · phone"),
                List.of(List.of(30L, 10L), List.of(10L, 0L)), List.of("contacted", "refused"),
                List.of("bar-sent", "bar-blocked"));
        assertEquals(40, rows.get(0).total());
        assertEquals(Charts.WIDTH, rows.get(0).segments().get(0).width() + rows.get(0).segments().get(1).width());
        assertEquals(Charts.STACKED_BARS_AT + rows.get(0).segments().get(0).width(), rows.get(0).segments().get(1).x());
        assertEquals(90, rows.get(1).segments().get(0).width());
        assertEquals(Charts.height(rows), 2 * Charts.ROW + 4);
    }
}
