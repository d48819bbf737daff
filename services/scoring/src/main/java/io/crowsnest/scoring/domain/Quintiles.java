package io.crowsnest.scoring.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * RFM quintile boundaries over the population of purchasers: the 20th, 40th, 60th and 80th
 * percentiles (nearest rank) of seconds since the last purchase, purchase count and net amount.
 * 5 is best: most recent, most frequent, highest amount.
 */
public record Quintiles(List<Long> recencySeconds, List<Long> frequencyCounts, List<Long> monetaryMinor,
        Instant computedAt, long population) {

    public static Quintiles of(List<RfmFigures> purchasers, Instant at) {
        List<Long> recency = new ArrayList<>();
        List<Long> frequency = new ArrayList<>();
        List<Long> monetary = new ArrayList<>();
        for (RfmFigures f : purchasers) {
            recency.add(f.secondsSinceLast(at));
            frequency.add(f.count());
            monetary.add(f.monetaryMinor());
        }
        return new Quintiles(boundaries(recency), boundaries(frequency), boundaries(monetary), at,
                purchasers.size());
    }

    private static List<Long> boundaries(List<Long> values) {
        if (values.isEmpty()) {
            return List.of();
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        List<Long> out = new ArrayList<>();
        for (int p = 20; p <= 80; p += 20) {
            int rank = (int) Math.ceil(p / 100.0 * sorted.size());
            out.add(sorted.get(Math.max(0, rank - 1)));
        }
        return out;
    }

    /** 5 minus the number of boundaries the seconds since the last purchase exceed. */
    public int recency(long seconds) {
        return 5 - exceeded(recencySeconds, seconds);
    }

    /** 1 plus the number of boundaries the count exceeds. */
    public int frequency(long count) {
        return 1 + exceeded(frequencyCounts, count);
    }

    /** 1 plus the number of boundaries the amount exceeds. */
    public int monetary(long amountMinor) {
        return 1 + exceeded(monetaryMinor, amountMinor);
    }

    private static int exceeded(List<Long> boundaries, long value) {
        return (int) boundaries.stream().filter(b -> value > b).count();
    }
}
