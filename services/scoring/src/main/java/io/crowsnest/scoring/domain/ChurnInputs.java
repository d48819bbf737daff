package io.crowsnest.scoring.domain;

import java.util.List;
import java.util.Set;

/** The inputs a churn model may weight: the built-in figures and "score.<name>" of a defined score. */
public final class ChurnInputs {

    public static final List<String> BUILT_IN = List.of("days_since_last_event", "days_since_last_purchase",
            "events_last_30_days", "purchases_in_rfm_window", "monetary_in_rfm_window", "sessions_last_30_days",
            "rfm_recency_quintile", "rfm_frequency_quintile", "rfm_monetary_quintile");

    public static final String SCORE_PREFIX = "score.";

    private ChurnInputs() {
    }

    public static boolean isKnown(String input, Set<String> scores) {
        return BUILT_IN.contains(input)
                || input.startsWith(SCORE_PREFIX) && scores.contains(input.substring(SCORE_PREFIX.length()));
    }
}
