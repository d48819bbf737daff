package io.crowsnest.identity.sweeps;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.identity.config.IdentityConfig;
import io.crowsnest.identity.service.MergeRecoveryService;
import io.quarkus.runtime.StartupEvent;

/**
 * Runs {@link MergeRecoveryService} every person lease on every replica, for the merges left
 * half-way more than two leases ago (their requests are surely gone).
 */
@ApplicationScoped
public class MergeRecoverySweep {

    private static final Logger LOG = Logger.getLogger(MergeRecoverySweep.class);

    @Inject
    MergeRecoveryService recovery;
    @Inject
    IdentityConfig config;
    @Inject
    Clock clock;

    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "identity-merge-sweeper");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, config.personLease().toSeconds());
        timer.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.SECONDS);
    }

    private void sweepQuietly() {
        try {
            recovery.finishStuckSince(clock.instant().minus(config.personLease().multipliedBy(2)));
        } catch (RuntimeException e) {
            LOG.warnf("merge sweep failed, next one retries: %s", e.toString());
        }
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
