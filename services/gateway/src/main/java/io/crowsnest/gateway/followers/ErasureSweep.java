package io.crowsnest.gateway.followers;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.gateway.config.GatewaySettings;
import io.crowsnest.gateway.service.EraseService;
import io.crowsnest.platform.jobs.Periodic;
import io.quarkus.runtime.StartupEvent;

/**
 * Completes erasures interrupted by an outage: every {@code crowsnest.gateway.erasure-sweep}, the
 * services that have not confirmed an erasure yet are asked again (ForgetPerson is idempotent per
 * key), so an erasure finishes even if nobody reads it again.
 */
@ApplicationScoped
public class ErasureSweep {

    private static final Logger LOG = Logger.getLogger(ErasureSweep.class);
    private static final int BATCH = 100;

    @Inject
    EraseService erasures;
    @Inject
    GatewaySettings settings;

    private Periodic job;

    void start(@Observes StartupEvent event) {
        job = Periodic.every("gateway-erasure-sweeper", settings.erasureSweep(), this::sweep);
    }

    private void sweep() {
        int asked = erasures.resumeUnfinished(BATCH);
        if (asked > 0) {
            LOG.infof("asked the services again about %d unfinished erasures", asked);
        }
    }

    @PreDestroy
    void stop() {
        Periodic.stop(job);
    }
}
