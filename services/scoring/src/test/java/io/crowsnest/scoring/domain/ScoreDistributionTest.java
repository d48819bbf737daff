package io.crowsnest.scoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class ScoreDistributionTest {

    private static final double EPS = 1e-9;

    @Test
    void bucketsSplitTheRangeEquallyAndTheLastEndsAtTheMaximum() {
        ScoreDistribution d = ScoreDistribution.over(0, 100);
        for (double v : new double[] {5, 30, 30, 60, 99.9}) {
            d.add(v);
        }

        ScoreDistribution.Histogram h = d.histogram(4);

        assertEquals(List.of(0.0, 25.0, 50.0, 75.0), h.buckets().stream().map(ScoreDistribution.Bucket::lower).toList());
        assertEquals(100, h.buckets().get(3).upper(), EPS);
        assertEquals(List.of(1L, 2L, 1L, 1L), h.buckets().stream().map(ScoreDistribution.Bucket::count).toList());
        assertEquals(5, h.count());
        assertEquals((5 + 30 + 30 + 60 + 99.9) / 5, h.mean(), EPS);
    }

    @Test
    void theMedianIsInterpolatedWithinItsBucket() {
        ScoreDistribution d = ScoreDistribution.over(0, 10);
        d.add(1);
        d.add(6);
        d.add(7);
        d.add(8);

        // two buckets [0,5) 1 and [5,10] 3: the median (2 of 4) lies a third into the second bucket
        assertEquals(5 + 5 * (1.0 / 3), d.histogram(2).median(), EPS);
    }

    @Test
    void valuesOutsideTheRangeCountAtTheNearestEndAndAnEmptyOneHasZeroMeanAndMedian() {
        ScoreDistribution d = ScoreDistribution.over(0, 1);
        d.add(-3);
        d.add(7);
        ScoreDistribution.Histogram h = d.histogram(10);
        assertEquals(1, h.buckets().get(0).count());
        assertEquals(1, h.buckets().get(9).count());

        ScoreDistribution.Histogram empty = ScoreDistribution.over(0, 1).histogram(3);
        assertEquals(0, empty.count());
        assertEquals(0, empty.mean(), EPS);
        assertEquals(0, empty.median(), EPS);
        assertEquals(3, empty.buckets().size());
    }
}
