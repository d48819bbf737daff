package io.crowsnest.scoring.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * One score's distribution over a population: counts in {@value #FINE} equal micro-buckets over
 * the score's range [min, max] (a value outside is counted in the nearest end bucket) and the sum
 * for the mean. A histogram with any number of equal buckets is regrouped from the micro-buckets.
 */
public final class ScoreDistribution {

    /** Micro-buckets kept per score. */
    public static final int FINE = 1000;

    private final double min;
    private final double max;
    private final long[] counts = new long[FINE];
    private double sum;

    private ScoreDistribution(double min, double max) {
        this.min = min;
        this.max = max;
    }

    /** An empty distribution over [min, max]. */
    public static ScoreDistribution over(double min, double max) {
        return new ScoreDistribution(min, max);
    }

    /** Counts one person's value. */
    public void add(double v) {
        int i = max > min ? (int) Math.floor((v - min) / (max - min) * FINE) : 0;
        counts[Math.max(0, Math.min(FINE - 1, i))]++;
        sum += v;
    }

    /** A bucket of a histogram: [lower, upper) (the last one includes max) and how many fell in it. */
    public record Bucket(double lower, double upper, long count) {
    }

    /** A histogram: the persons counted, their mean and median (0 when none), and the buckets in order. */
    public record Histogram(long count, double mean, double median, List<Bucket> buckets) {
    }

    /** Regroups the micro-buckets into equal buckets; the median is interpolated within its bucket. */
    public Histogram histogram(int buckets) {
        long[] grouped = new long[buckets];
        long total = 0;
        for (int i = 0; i < FINE; i++) {
            grouped[(int) ((long) i * buckets / FINE)] += counts[i];
            total += counts[i];
        }
        double width = (max - min) / buckets;
        List<Bucket> out = new ArrayList<>(buckets);
        double median = 0;
        long seen = 0;
        boolean medianSet = false;
        for (int b = 0; b < buckets; b++) {
            double lower = min + b * width;
            out.add(new Bucket(lower, b == buckets - 1 ? max : lower + width, grouped[b]));
            if (!medianSet && total > 0 && seen + grouped[b] >= total / 2.0) {
                median = lower + width * ((total / 2.0 - seen) / grouped[b]);
                medianSet = true;
            }
            seen += grouped[b];
        }
        return new Histogram(total, total == 0 ? 0 : sum / total, median, List.copyOf(out));
    }
}
