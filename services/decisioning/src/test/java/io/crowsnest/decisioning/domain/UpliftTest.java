package io.crowsnest.decisioning.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The uplift method against published and independently computed figures. */
class UpliftTest {

    private static Uplift.Group conversions(long persons, long converted) {
        return new Uplift.Group(persons, converted, 0, 0);
    }

    @Test
    void conversionIntervalsMatchNewcombesPublishedExamples() {
        // Newcombe (1998), Statistics in Medicine 17:873-890, table II, method 10
        Uplift.Interval a = Uplift.conversion(conversions(70, 56), conversions(80, 48));
        assertEquals(0.2, a.estimate(), 1e-12);
        assertEquals(0.0524, a.lower(), 5e-5);
        assertEquals(0.3339, a.upper(), 5e-5);
        Uplift.Interval b = Uplift.conversion(conversions(10, 9), conversions(10, 3));
        assertEquals(0.1705, b.lower(), 5e-5);
        assertEquals(0.8090, b.upper(), 5e-5);
    }

    @Test
    void theWorkedExampleOfTheDocsGivesItsFigures() {
        // docs/campaigns.md: 1,000 contacted, 60 bought (EUR 100 each); 250 held out, 5 bought
        Uplift.Result r = Uplift.of(new Uplift.Group(1000, 60, 6000, 600_000), new Uplift.Group(250, 5, 500, 50_000),
                "EUR");
        assertEquals(0.04, r.conversion().estimate(), 1e-12);
        assertEquals(0.010924, r.conversion().lower(), 1e-6);
        assertEquals(0.060047, r.conversion().upper(), 1e-6);
        assertEquals(4.0, r.revenue().estimate(), 1e-12);
        assertEquals(1.717038, r.revenue().lower(), 1e-4);
        assertEquals(6.282962, r.revenue().upper(), 1e-4);
        assertEquals("contacted converted 6.0 % (60 of 1000) vs control 2.0 % (5 of 250): +4.0 points (95 % CI +1.1 to"
                + " +6.0); revenue per person EUR 6.00 vs 2.00: +4.00 (95 % CI +1.72 to +6.28); the campaign raised"
                + " conversion", r.summary());
    }

    @Test
    void theTQuantileFollowsStudentsDistribution() {
        // scipy.stats.t.ppf(0.975, df)
        assertEquals(12.7062, Uplift.t975(1), 1e-4);
        assertEquals(4.3027, Uplift.t975(2), 1e-4);
        assertEquals(3.1824, Uplift.t975(3), 1e-4);
        assertEquals(2.5706, Uplift.t975(5), 1e-4);
        assertEquals(2.9401, Uplift.t975(3.5), 0.011);
        assertEquals(2.2281, Uplift.t975(10), 1e-4);
        assertEquals(2.0423, Uplift.t975(30), 1e-4);
        assertEquals(1.9840, Uplift.t975(100), 1e-4);
    }

    @Test
    void emptyOrTinyGroupsHaveNoIntervalAndSaySo() {
        Uplift.Result none = Uplift.of(conversions(0, 0), conversions(10, 1), "EUR");
        assertFalse(none.conversion().known());
        assertTrue(none.summary().startsWith("no uplift yet"), none.summary());
        Uplift.Result one = Uplift.of(new Uplift.Group(1, 1, 100, 10_000), new Uplift.Group(1, 0, 0, 0), "EUR");
        assertTrue(one.conversion().known());
        assertFalse(one.revenue().known());
        assertTrue(one.summary().contains("too few persons for an interval"), one.summary());
    }

    @Test
    void groupsAreStableAndTheControlShareIsKept() {
        int control = 0;
        int universal = 0;
        for (int i = 0; i < 20_000; i++) {
            CampaignGroup g = CampaignGroup.of("cmp-1", "person-" + i, 20, 5);
            assertEquals(g, CampaignGroup.of("cmp-1", "person-" + i, 20, 5));
            control += g == CampaignGroup.CONTROL ? 1 : 0;
            universal += g == CampaignGroup.UNIVERSAL_CONTROL ? 1 : 0;
            if (CampaignGroup.of("cmp-2", "person-" + i, 20, 5) == CampaignGroup.UNIVERSAL_CONTROL) {
                assertEquals(CampaignGroup.UNIVERSAL_CONTROL, g, "the universal control group is the same in every campaign");
            }
        }
        assertEquals(1000, universal, 120); // 5 %
        assertEquals(0.95 * 20_000 * 0.20, control, 250); // 20 % of the rest
        assertEquals(CampaignGroup.TARGET, CampaignGroup.of("cmp-1", "person-1", 0, 0));
    }
}
