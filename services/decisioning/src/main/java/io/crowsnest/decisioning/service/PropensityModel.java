package io.crowsnest.decisioning.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.domain.LearnedPropensity.Evidence;
import io.crowsnest.decisioning.domain.LearnedPropensity.Prior;
import io.crowsnest.decisioning.store.LearningStore;

/**
 * The learned evidence per action and channel: counted in the store over the learning window and
 * reused by this replica for the configured refresh period (0 = read on every decision). When the
 * counts come due, one decision counts again while the others go on with the counts they have: a
 * replica never runs the same aggregation more than once at a time, however many decisions run
 * concurrently.
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
    private final AtomicBoolean counting = new AtomicBoolean();

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
        Duration refresh = config.learning().refresh();
        if (refresh.isZero()) {
            return count(now);
        }
        if (!due(c, refresh, now)) {
            return c;
        }
        if (c.readAt().equals(Instant.MIN)) {
            synchronized (this) { // nothing counted yet: the first decisions wait for one count
                c = counts;
                return c.readAt().equals(Instant.MIN) ? count(now) : c;
            }
        }
        if (!counting.compareAndSet(false, true)) {
            return c; // another decision is counting: these counts are at most one refresh period older
        }
        try {
            Counts latest = counts; // counted by another decision since this one looked: use that
            return latest == c ? count(now) : latest;
        } finally {
            counting.set(false);
        }
    }

    private static boolean due(Counts c, Duration refresh, Instant now) {
        return c.readAt().plus(refresh).isBefore(now) || c.readAt().isAfter(now);
    }

    private Counts count(Instant now) {
        Counts c = new Counts(now, store.countsSince(now.minus(config.learning().window())));
        counts = c;
        return c;
    }
}
