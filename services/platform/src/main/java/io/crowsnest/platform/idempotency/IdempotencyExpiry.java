package io.crowsnest.platform.idempotency;

import java.time.Clock;
import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.StartupEvent;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.crowsnest.platform.jobs.Periodic;

/**
 * Deletes the idempotency records whose retention ran out, on every replica (deleting is
 * idempotent); MongoDB needs no TTL index for it, and the MongoDB stand-in of local runs has none.
 */
@ApplicationScoped
@IfBuildProperty(name = "crowsnest.mongo.enabled", stringValue = "true")
public class IdempotencyExpiry {

    private static final Logger LOG = Logger.getLogger(IdempotencyExpiry.class);

    /** How often expired records are deleted. */
    @ConfigProperty(name = "crowsnest.idempotency.expiry-sweep", defaultValue = "1H")
    Duration every;

    @Inject
    IdempotencyStore store;
    @Inject
    Clock clock;

    private Periodic job;

    void start(@Observes StartupEvent event) {
        job = Periodic.every("idempotency-expiry", every, this::sweep);
    }

    private void sweep() {
        long expired = store.expire(clock.instant());
        if (expired > 0) {
            LOG.infof("deleted %d idempotency records past their retention", expired);
        }
    }

    @PreDestroy
    void stop() {
        Periodic.stop(job);
    }
}
