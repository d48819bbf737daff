package io.crowsnest.decisioning.followers;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.store.DecisionStore;
import io.crowsnest.decisioning.store.DeclineStore;
import io.crowsnest.decisioning.store.LearningStore;
import io.crowsnest.decisioning.store.OutcomeStore;
import io.quarkus.runtime.StartupEvent;

/**
 * Deletes what is older than the decision retention (decisions, outcomes, learning inputs) and
 * declines older than any cooldown could need. Runs on every replica; deletes by range are
 * idempotent.
 */
@ApplicationScoped
public class RetentionSweep {

    private static final Logger LOG = Logger.getLogger(RetentionSweep.class);

    @Inject
    DecisioningConfig config;
    @Inject
    DecisionStore decisions;
    @Inject
    OutcomeStore outcomes;
    @Inject
    LearningStore learning;
    @Inject
    DeclineStore declines;
    @Inject
    Clock clock;

    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent started) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "decisioning-retention");
            t.setDaemon(true);
            return t;
        });
        long every = config.retentionSweep().toMillis();
        timer.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    /** One pass: returns the number of decisions deleted. */
    public long sweep() {
        try {
            Instant cutoff = clock.instant().minus(config.decisionRetention());
            long deleted = decisions.deleteBefore(cutoff);
            outcomes.deleteBefore(cutoff);
            learning.deleteBefore(cutoff);
            declines.prune(cutoff);
            if (deleted > 0) {
                LOG.infof("retention: deleted %d decisions made before %s", deleted, cutoff);
            }
            return deleted;
        } catch (RuntimeException e) {
            LOG.warnf("retention sweep failed, retrying next time: %s", e.toString());
            return 0;
        }
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
