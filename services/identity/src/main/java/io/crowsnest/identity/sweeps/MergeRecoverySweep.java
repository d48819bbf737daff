package io.crowsnest.identity.sweeps;

import java.time.Clock;
import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.crowsnest.identity.config.IdentityConfig;
import io.crowsnest.identity.service.MergeRecoveryService;
import io.crowsnest.platform.jobs.Periodic;
import io.quarkus.runtime.StartupEvent;

/**
 * Runs {@link MergeRecoveryService} every person lease on every replica, for the merges left
 * half-way more than two leases ago (their requests are surely gone).
 */
@ApplicationScoped
public class MergeRecoverySweep {

    @Inject
    MergeRecoveryService recovery;
    @Inject
    IdentityConfig config;
    @Inject
    Clock clock;

    private Periodic job;

    void start(@Observes StartupEvent event) {
        job = Periodic.every("identity-merge-sweeper", Duration.ofSeconds(Math.max(1, config.personLease().toSeconds())),
                this::sweep);
    }

    /** A failed pass is logged by Periodic and the next one retries. */
    private void sweep() {
        recovery.finishStuckSince(clock.instant().minus(config.personLease().multipliedBy(2)));
    }

    @PreDestroy
    void stop() {
        Periodic.stop(job);
    }
}
