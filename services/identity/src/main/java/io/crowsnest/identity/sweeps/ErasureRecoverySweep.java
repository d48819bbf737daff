package io.crowsnest.identity.sweeps;

import java.time.Clock;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.identity.config.IdentityConfig;
import io.crowsnest.identity.service.ForgetService;
import io.crowsnest.platform.jobs.Periodic;
import io.quarkus.runtime.StartupEvent;

/**
 * Runs {@link ForgetService#finishInterruptedSince} every {@code crowsnest.identity.erasure-sweep} on every replica, for the erasures
 * started more than two person leases ago (their requests are surely gone), so an erasure a crash
 * interrupted is finished even if its caller never retries.
 */
@ApplicationScoped
public class ErasureRecoverySweep {

    private static final Logger LOG = Logger.getLogger(ErasureRecoverySweep.class);

    @Inject
    ForgetService erasures;
    @Inject
    IdentityConfig config;
    @Inject
    Clock clock;

    private Periodic job;

    void start(@Observes StartupEvent event) {
        job = Periodic.every("identity-erasure-sweeper", config.erasureSweep(), this::sweep);
    }

    private void sweep() {
        int finished = erasures.finishInterruptedSince(clock.instant().minus(config.personLease().multipliedBy(2)));
        if (finished > 0) {
            LOG.infof("finished %d erasures a crash had interrupted", finished);
        }
    }

    @PreDestroy
    void stop() {
        Periodic.stop(job);
    }
}
