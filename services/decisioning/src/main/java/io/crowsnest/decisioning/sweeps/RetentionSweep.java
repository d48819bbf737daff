package io.crowsnest.decisioning.sweeps;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.store.DecisionStore;
import io.crowsnest.decisioning.store.DeclineStore;
import io.crowsnest.decisioning.store.LearningStore;
import io.crowsnest.decisioning.store.OutcomeStore;
import io.crowsnest.platform.jobs.Periodic;
import io.quarkus.runtime.ShutdownEvent;
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

    private Periodic timer;

    void start(@Observes StartupEvent started) {
        timer = Periodic.every("decisioning-retention", config.retentionSweep(), this::sweep);
    }

    void stop(@Observes ShutdownEvent event) {
        Periodic.stop(timer);
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
}
