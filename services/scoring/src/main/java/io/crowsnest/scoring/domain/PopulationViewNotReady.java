package io.crowsnest.scoring.domain;

import java.time.Duration;
import java.util.Map;

/**
 * GetPopulationView before this replica's first population snapshot exists (the walk of every
 * person starts at start-up and, for a large population, takes a while): answered at once, never by
 * walking inside the call. Retryable after {@code retryAfter}.
 */
public final class PopulationViewNotReady extends ScoringException {

    public PopulationViewNotReady(boolean walking, Duration retryAfter) {
        super(Kind.UNAVAILABLE, "POPULATION_VIEW_NOT_READY", "the population snapshot behind the view is not taken "
                + "yet on this replica (" + (walking ? "its first walk of the persons is under way" : "its first walk "
                        + "of the persons has not finished") + "); retry in " + retryAfter.toSeconds() + " s",
                Map.of("walk_in_progress", Boolean.toString(walking), "retry_after_seconds",
                        Long.toString(retryAfter.toSeconds())));
    }
}
