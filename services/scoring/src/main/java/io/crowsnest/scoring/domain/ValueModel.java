package io.crowsnest.scoring.domain;

import java.time.Duration;
import java.util.List;

/**
 * How value scores are computed: the RFM window and reporting currency, how often quintile
 * boundaries are recomputed, the margin rate, the profitability tiers (most profitable first, the
 * last at 0) and the churn model. planId is null for the built-in defaults.
 */
public record ValueModel(Duration rfmWindow, String currency, Duration refresh, int marginBasisPoints,
        List<Tier> tiers, double churnIntercept, List<Weight> churnWeights, String planId, long planVersion) {

    /** A profitability tier reached from a minimum margin, in minor units of the reporting currency. */
    public record Tier(String tierId, long minMarginMinor) {
    }

    /** The weight of one churn input. */
    public record Weight(String input, double weight) {
    }

    /** The 1-based rank of the first tier (most profitable first) whose minimum margin is reached. */
    public int rank(long marginMinor) {
        for (int i = 0; i < tiers.size(); i++) {
            if (marginMinor >= tiers.get(i).minMarginMinor()) {
                return i + 1;
            }
        }
        return tiers.size();
    }

    /** What boundaries computed under this model depend on: they are recomputed when it changes. */
    public String boundaryKey() {
        return rfmWindow.toSeconds() + "s:" + currency;
    }

    public static final Duration DEFAULT_WINDOW = Duration.ofDays(365);
    public static final Duration DEFAULT_REFRESH = Duration.ofDays(1);

    /** The built-in model: 365 days, daily boundaries, full margin, three tiers, the documented churn weights. */
    public static ValueModel defaults(String currency) {
        return new ValueModel(DEFAULT_WINDOW, currency, DEFAULT_REFRESH, 10_000,
                List.of(new Tier("high", 100_000), new Tier("medium", 10_000), new Tier("low", 0)), -1.0,
                List.of(new Weight("days_since_last_event", 0.04), new Weight("events_last_30_days", -0.05),
                        new Weight("purchases_in_rfm_window", -0.2), new Weight("sessions_last_30_days", -0.05)),
                null, 0);
    }
}
