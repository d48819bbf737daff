package io.crowsnest.profile.forwarding;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.crowsnest.profile.store.OutboxStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * The forwarding backlog on /q/metrics as {@code crowsnest_profile_outbox_pending}: accepted events
 * (and attribute changes) not acknowledged by scoring yet. It grows while scoring is down or slower
 * than ingestion and drains once it keeps up; read when Prometheus scrapes, not before.
 */
@ApplicationScoped
public class OutboxGauge {

    @Inject
    MeterRegistry registry;
    @Inject
    OutboxStore outbox;

    void register(@Observes StartupEvent started) {
        Gauge.builder("crowsnest.profile.outbox.pending", outbox, OutboxStore::pending)
                .description("Accepted events and attribute changes not yet acknowledged by scoring")
                .register(registry);
    }
}
