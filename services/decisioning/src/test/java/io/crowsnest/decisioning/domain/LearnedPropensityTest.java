package io.crowsnest.decisioning.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.crowsnest.decisioning.domain.LearnedPropensity.Evidence;
import io.crowsnest.decisioning.domain.LearnedPropensity.Prior;

class LearnedPropensityTest {

    private static final Prior PRIOR = new Prior(0.05, 20);

    @Test
    void withoutOutcomesThePropensityIsThePriorMean() {
        Factor f = LearnedPropensity.factor(PRIOR, Evidence.NONE, "PHONE", 90, false, new SplittableRandom(1));
        assertEquals(0.05, f.value(), 1e-12);
        assertTrue(f.source().startsWith("no outcome yet on phone in 90 days: prior 0.05 worth 20 presentations"),
                f.source());
    }

    @Test
    void outcomesMoveThePosteriorMeanAndTheSentenceNamesThem() {
        Factor f = LearnedPropensity.factor(PRIOR, new Evidence(412, 37), "PHONE", 90, false, new SplittableRandom(1));
        assertEquals((1 + 37) / (20.0 + 412), f.value(), 1e-12);
        assertTrue(f.source().startsWith("learned from 412 presentations on phone in 90 days, 37 accepted; prior "
                + "0.05 worth 20 presentations; posterior mean 0.088"), f.source());
        assertEquals("412", f.figures().get("presented"));
    }

    @Test
    void figuresAreWrittenForPeople() {
        assertEquals("20", LearnedPropensity.fmt(20));
        assertEquals("0.05", LearnedPropensity.fmt(0.05));
        assertEquals("0.0952", LearnedPropensity.fmt(2 / 21.0));
        assertEquals("1.5", LearnedPropensity.fmt(1.5));
        assertEquals("-0.25", LearnedPropensity.fmt(-0.25));
        assertEquals("0", LearnedPropensity.fmt(0.00001));
    }

    @Test
    void thompsonDrawsAverageToThePosteriorMean() {
        Evidence e = new Evidence(200, 30);
        SplittableRandom random = new SplittableRandom(42);
        double sum = 0;
        int n = 5_000;
        for (int i = 0; i < n; i++) {
            double draw = LearnedPropensity.factor(PRIOR, e, "WEB", 90, true, random).value();
            assertTrue(draw >= 0 && draw <= 1);
            sum += draw;
        }
        assertEquals(LearnedPropensity.posteriorMean(PRIOR, e), sum / n, 0.004);
    }

    @Test
    void theExplorationShareIsHeldAndTheSameDecisionAlwaysExploresTheSameWay() {
        int exploring = 0;
        for (int i = 0; i < 20_000; i++) {
            if (LearnedPropensity.explores("decision-" + i, 0.1)) {
                exploring++;
            }
        }
        assertEquals(0.1, exploring / 20_000.0, 0.01);
        assertEquals(LearnedPropensity.explores("abc", 0.1), LearnedPropensity.explores("abc", 0.1));
        assertFalse(LearnedPropensity.explores("abc", 0));
    }
}
