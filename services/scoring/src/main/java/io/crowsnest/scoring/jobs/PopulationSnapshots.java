package io.crowsnest.scoring.jobs;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.platform.jobs.Periodic;
import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.service.PopulationViewService;
import io.quarkus.runtime.StartupEvent;

/**
 * Takes the population snapshot behind GetPopulationView's histograms and tier sizes every
 * {@code crowsnest.scoring.population-snapshot-interval} on each replica; a failed walk keeps the
 * previous snapshot.
 */
@ApplicationScoped
public class PopulationSnapshots {

    private static final Logger LOG = Logger.getLogger(PopulationSnapshots.class);

    @Inject
    PopulationViewService population;
    @Inject
    ScoringConfig config;

    private Periodic job;

    void start(@Observes StartupEvent event) {
        job = Periodic.every("scoring-population-snapshot", config.populationSnapshotInterval(), this::refresh);
    }

    private void refresh() {
        try {
            population.refresh();
        } catch (RuntimeException e) {
            LOG.warnf("population snapshot failed, the previous one stays: %s", e.toString());
        }
    }

    @PreDestroy
    void stop() {
        Periodic.stop(job);
    }
}
