package io.crowsnest.alertnotification.sweeps;


import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.platform.jobs.Periodic;
import io.crowsnest.alertnotification.client.GovernanceClient;
import io.crowsnest.alertnotification.config.DeliveryConfig;
import io.crowsnest.alertnotification.domain.Delivery;
import io.crowsnest.alertnotification.domain.Disposition;
import io.crowsnest.alertnotification.store.DeliveryStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Commits the reservations of messages that were sent while contact-governance was unreachable
 * (disposition COMMIT_PENDING), until governance confirms. The commit goes under the same
 * idempotency key as the first try, so it never counts twice.
 */
@ApplicationScoped
public class CommitRetrySweep {

    private static final Logger LOG = Logger.getLogger(CommitRetrySweep.class);

    @Inject
    DeliveryStore deliveries;
    @Inject
    GovernanceClient governance;
    @Inject
    DeliveryConfig config;

    private Periodic timer;

    void start(@Observes StartupEvent event) {
        timer = Periodic.every("delivery-commit-retry", config.commitRetry(), this::sweep);
    }

    /** Tries every owed commit once; returns how many were confirmed. */
    public int sweep() {
        int done = 0;
        try {
            for (Delivery d : deliveries.commitsPending(100)) {
                if (governance.commit(d.reservationId(), d.id(), d.sentAt(), d.providerMessageId())
                        == GovernanceClient.Commit.COMMITTED) {
                    deliveries.save(d.disposed(Disposition.COMMITTED));
                    done++;
                }
            }
        } catch (RuntimeException e) {
            LOG.debugf("commit retry postponed: %s", e.toString());
        }
        return done;
    }

    void stop(@Observes ShutdownEvent event) {
        Periodic.stop(timer);
    }
}
