package io.crowsnest.decisioning.service;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.domain.LearnedPropensity.Evidence;
import io.crowsnest.decisioning.domain.LearnedPropensity.Prior;
import io.crowsnest.decisioning.store.LearningStore;

/**
 * The learned evidence per action and channel: counted in the store over the learning window and
 * reused by this replica for the configured refresh period (0 = read on every decision).
 */
@ApplicationScoped
public class PropensityModel {

    @Inject
    LearningStore store;
    @Inject
    DecisioningConfig config;
    @Inject
    Clock clock;

    private volatile Counts counts = new Counts(Instant.MIN, Map.of());

    private record Counts(Instant readAt, Map<String, Evidence> byActionChannel) {
    }

    public Prior prior() {
        return new Prior(config.learning().priorMean(), config.learning().priorWeight());
    }

    public long windowDays() {
        return config.learning().window().toDays();
    }

    public double explorationShare() {
        return Math.max(0, Math.min(0.2, config.learning().explorationShare()));
    }

    /** Presentations and acceptances of the action on the channel in the window. */
    public Evidence evidence(String actionId, String channel) {
        return current().byActionChannel().getOrDefault(actionId + "|" + channel, Evidence.NONE);
    }

    private Counts current() {
        Instant now = clock.instant();
        Counts c = counts;
        if (config.learning().refresh().isZero() || c.readAt().plus(config.learning().refresh()).isBefore(now)
                || c.readAt().isAfter(now)) {
            c = new Counts(now, store.countsSince(now.minus(config.learning().window())));
            counts = c;
        }
        return c;
    }
}
