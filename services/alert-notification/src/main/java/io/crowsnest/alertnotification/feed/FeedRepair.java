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
 * soon as Redis is back, and those whose publishing call died between storing and appending. An
 * alert its publishing call is still appending is left to that call (the sweep used to append it a
 * second time when it ran in between). Several instances may append the same failed alert:
 * delivery is at least once.
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
    @Inject
    java.time.Clock clock;

    /** How long after its publication an alert still being appended counts as abandoned by its call. */
    static final java.time.Duration ABANDONED_AFTER = java.time.Duration.ofMinutes(1);

    private Periodic timer;

    void start(@Observes StartupEvent event) {
        timer = Periodic.every("alert-feed-repair", config.feed().repairInterval(), this::repair);
    }

    /** Appends every alert not yet on the feed, stopping at the first failure. */
    public int repair() {
        int done = 0;
        try {
            // a publishing call appends within milliseconds; one silent for a minute has died
            for (Alert alert : alerts.notOnFeed(100, clock.instant().minus(ABANDONED_AFTER))) {
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
