package io.crowsnest.contactgovernance.sweeps;

import java.time.Clock;
import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.crowsnest.contactgovernance.store.ReservationStore;
import io.crowsnest.platform.jobs.Periodic;
import io.quarkus.runtime.StartupEvent;

/**
 * Deletes the refused reserves whose retention ran out, on every replica (deleting is idempotent):
 * a refused ReserveContact is kept, counted by nothing, only to answer its retries, for as long as
 * idempotency records are ({@code crowsnest.idempotency.retention}), swept as often as they are.
 */
@ApplicationScoped
public class RefusalExpirySweep {

    private static final Logger LOG = Logger.getLogger(RefusalExpirySweep.class);

    /** How often expired refusals are deleted: the idempotency records' sweep interval. */
    @ConfigProperty(name = "crowsnest.idempotency.expiry-sweep", defaultValue = "1H")
    Duration every;

    @Inject
    ReservationStore reservations;
    @Inject
    Clock clock;

    private Periodic job;

    void start(@Observes StartupEvent event) {
        job = Periodic.every("governance-refusal-sweeper", every, this::sweep);
    }

    public void sweep() {
        long expired = reservations.expireRefusals(clock.instant());
        if (expired > 0) {
            LOG.infof("deleted %d refused reservations past the retention of idempotency records", expired);
        }
    }

    @PreDestroy
    void stop() {
        Periodic.stop(job);
    }
}
