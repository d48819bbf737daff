package io.crowsnest.profile.sweeps;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.platform.jobs.Periodic;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.store.EventStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Deletes the events past their retention, once at start-up and then every retention-sweep on each
 * replica (a TTL index is only a backstop, see docs/mongodb-subset.md).
 */
@ApplicationScoped
public class RetentionSweep {

    private static final Logger LOG = Logger.getLogger(RetentionSweep.class);

    @Inject
    ProfileConfig config;
    @Inject
    EventStore events;
    @Inject
    Clock clock;

    private Periodic job;

    void start(@Observes StartupEvent started) {
        Thread first = new Thread(this::expire, "profile-retention-sweep-first");
        first.setDaemon(true);
        first.start();
        job = Periodic.every("profile-retention-sweep", config.retentionSweep(), this::expire);
    }

    void stop(@Observes ShutdownEvent stopping) {
        Periodic.stop(job);
    }

    void expire() {
        try {
            long deleted = events.deleteExpired(clock.instant());
            if (deleted > 0) {
                LOG.infof("deleted %d events past their retention", deleted);
            }
        } catch (RuntimeException e) {
            LOG.warnf("retention sweep failed (%s); it runs again at the next interval", e.toString());
        }
    }
}
