package io.crowsnest.alertnotification.sweeps;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.platform.jobs.Periodic;
import io.crowsnest.alertnotification.config.AlertsConfig;
import io.crowsnest.alertnotification.store.AlertStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Deletes alerts expired longer ago than the retention (90 days by default). mongo-java-server
 * ignores TTL indexes, so retention is this explicit range delete (docs/mongodb-subset.md).
 */
@ApplicationScoped
public class RetentionSweep {

    private static final Logger LOG = Logger.getLogger(RetentionSweep.class);

    @Inject
    AlertStore alerts;
    @Inject
    AlertsConfig config;
    @Inject
    Clock clock;

    private Periodic timer;

    void start(@Observes StartupEvent event) {
        timer = Periodic.every("alert-retention", config.retentionSweep(), this::sweep);
    }

    /** Deletes the alerts past retention; returns how many. */
    public long sweep() {
        try {
            return alerts.deleteExpiredBefore(clock.instant().minus(config.retention()));
        } catch (RuntimeException e) {
            LOG.warnf("alert retention postponed: %s", e.toString());
            return 0;
        }
    }

    void stop(@Observes ShutdownEvent event) {
        Periodic.stop(timer);
    }
}
