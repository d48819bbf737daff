package io.crowsnest.alertnotification.feed;


import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.alertnotification.config.AlertsConfig;
import io.crowsnest.alertnotification.domain.Alert;
import io.crowsnest.alertnotification.store.AlertStore;
import io.crowsnest.platform.jobs.Periodic;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Appends to the feed the alerts stored while Redis was down, so that they reach subscribers as
 * soon as Redis is back. Several instances may append the same alert: delivery is at least once.
 */
@ApplicationScoped
public class FeedRepair {

    private static final Logger LOG = Logger.getLogger(FeedRepair.class);

    @Inject
    AlertStore alerts;
    @Inject
    FeedPublisher publisher;
    @Inject
    AlertsConfig config;

    private Periodic timer;

    void start(@Observes StartupEvent event) {
        timer = Periodic.every("alert-feed-repair", config.feed().repairInterval(), this::repair);
    }

    /** Appends every alert not yet on the feed, stopping at the first failure. */
    public int repair() {
        int done = 0;
        try {
            for (Alert alert : alerts.notOnFeed(100)) {
                if (publisher.published(alert).offset() == 0) {
                    break;
                }
                done++;
            }
        } catch (RuntimeException e) {
            LOG.debugf("feed repair postponed: %s", e.toString());
        }
        return done;
    }

    void stop(@Observes ShutdownEvent event) {
        Periodic.stop(timer);
    }
}
