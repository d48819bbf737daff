package io.crowsnest.gateway.domain;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a customer stands in profitability against every customer scoring holds, so that an agent
 * sees at once "one of our most profitable customers": the customer's tier, its rank (1 = the most
 * profitable tier), and the share of customers at least as profitable — the customer's tier and
 * every tier above it — as "the top N %".
 *
 * @param tierId          the customer's profitability tier, e.g. "high"
 * @param tierRank        1 for the most profitable tier
 * @param topPercent      customers in this tier or above, per 100 customers scoring holds (0–100, one decimal)
 * @param customers       customers scoring holds, the population the share is of
 * @param mostProfitable  whether the customer is in the most profitable tier
 * @param sentence        the same in words, for an agent
 */
public record ValueRank(@JsonProperty("tier_id") String tierId, @JsonProperty("tier_rank") int tierRank,
        @JsonProperty("top_percent") double topPercent, long customers,
        @JsonProperty("most_profitable") boolean mostProfitable, String sentence) {

    /** The persons of one tier in scoring's population snapshot. */
    public record TierCount(String tierId, long persons) {
    }

    /**
     * The rank of a customer in tier {@code tierId} (of rank {@code tierRank}) among {@code tiers},
     * most profitable first, out of {@code population} customers; null when the tier is not in the
     * population snapshot (taken before the customer reached it) or nobody is counted.
     */
    public static ValueRank of(String tierId, int tierRank, List<TierCount> tiers, long population) {
        long atLeast = 0;
        long ranked = 0;
        boolean found = false;
        for (TierCount tier : tiers) {
            ranked += tier.persons();
            if (!found) {
                atLeast += tier.persons();
                found = tier.tierId().equals(tierId);
            }
        }
        long customers = Math.max(population, ranked);
        if (!found || customers == 0 || atLeast == 0) {
            return null;
        }
        double top = Math.round(1000.0 * atLeast / customers) / 10.0;
        boolean most = tierRank == 1;
        String share = String.format(Locale.ROOT, "the top %s %% of %,d customers", format(top), customers);
        String sentence = most
                ? "One of our most profitable customers: tier " + tierId + ", " + share
                : "Profitability tier " + tierId + " (rank " + tierRank + "), " + share;
        return new ValueRank(tierId, tierRank, top, customers, most, sentence);
    }

    private static String format(double percent) {
        return percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent);
    }
}
