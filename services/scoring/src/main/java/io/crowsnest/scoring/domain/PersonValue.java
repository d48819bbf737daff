package io.crowsnest.scoring.domain;

import java.time.Duration;

/**
 * The value scores of a person, each with its figures: RFM quintiles against the population's
 * boundaries and the profitability tier (both null for a person without a purchase in the RFM
 * window), and the churn risk; amounts in minor units of the model's currency; the plan version
 * whose value model applied (planId "" for the built-in model).
 */
public record PersonValue(String currency, Rfm rfm, Profitability profitability, ChurnRisk churn, String planId,
        long planVersion) {

    /** Quintiles (1 to 5) of recency, frequency and monetary value, with the figures ranked and the boundaries. */
    public record Rfm(int recencyQuintile, int frequencyQuintile, int monetaryQuintile, long secondsSinceLastPurchase,
            long purchaseCount, long monetaryMinor, Duration window, Quintiles boundaries) {
    }

    /** The profitability tier (rank 1: most profitable), the estimated margin and the tier's minimum. */
    public record Profitability(String tierId, int rank, long marginMinor, int marginBasisPoints,
            long tierMinMarginMinor) {
    }
}
