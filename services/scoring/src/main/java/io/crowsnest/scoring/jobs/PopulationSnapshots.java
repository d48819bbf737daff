package io.crowsnest.scoring.jobs;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.platform.jobs.Periodic;
import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.service.PopulationGrew;
import io.crowsnest.scoring.service.PopulationViewService;
import io.quarkus.runtime.StartupEvent;

/**
 * Takes the population snapshot behind GetPopulationView's histograms and tier sizes on each
 * replica: at once at start-up (GetPopulationView is refused as not ready until the first one
 * exists), then every {@code crowsnest.scoring.population-snapshot-interval} after the previous walk
 * ended, and soon after GetPopulationView finds the persons changed since the last walk (a
 * population loaded after start-up); one walk at a time per replica; a failed walk keeps the
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
    private final ExecutorService catchUp = Executors.newSingleThreadExecutor(
            BackgroundThreads.named("scoring-population-catch-up"));
    private final AtomicBoolean catchUpPending = new AtomicBoolean();

    void start(@Observes StartupEvent event) {
        job = Periodic.nowAndEvery("scoring-population-snapshot", config.populationSnapshotInterval(), this::refresh);
    }

    /**
     * GetPopulationView found the persons changed since the snapshot's walk: one walk soon on a
     * thread of the job's (never the caller's); asks while one is pending or under way add none.
     */
    void catchUp(@Observes PopulationGrew change) {
        if (catchUpPending.compareAndSet(false, true)) {
            LOG.infof("population changed since the snapshot's walk (%d persons, %d then): walking again now",
                    change.registered(), change.walked());
            catchUp.execute(() -> {
                catchUpPending.set(false);
                refresh();
            });
        }
    }

    /**
     * One pass of the job, also what a test triggers instead of waiting for the schedule: walks the
     * population unless a walk is under way on this replica. True when this call took a snapshot.
     */
    public boolean refresh() {
        try {
            return population.refresh();
        } catch (RuntimeException e) {
            LOG.warnf("population snapshot failed, the previous one stays: %s", e.toString());
            return false;
        }
    }

    @PreDestroy
    void stop() {
        Periodic.stop(job);
        catchUp.shutdownNow();
    }
}
