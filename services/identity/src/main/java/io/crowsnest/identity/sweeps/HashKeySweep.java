package io.crowsnest.identity.sweeps;

import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.identity.config.IdentityConfig;
import io.crowsnest.identity.service.HashKeyRotation;
import io.crowsnest.identity.service.HashKeyStatus;
import io.crowsnest.platform.jobs.Periodic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * During a hash key rotation, every {@code crowsnest.identity.hash-key-sweep} on every replica:
 * hashes the kept delivery addresses again under the current key, in batches, then counts what
 * every older key still holds. Progress is logged (when it changes) and on /q/metrics:
 * {@code crowsnest_identity_identifier_hashes{key_version}} (identifiers under each configured
 * older key, and under versions no longer configured as {@code key_version="retired"}) and
 * {@code crowsnest_identity_identifiers_rehashed_total}. An older key with 0 left can be retired
 * (docs/security.md, "Rotating the hash key").
 */
@ApplicationScoped
public class HashKeySweep {

    private static final Logger LOG = Logger.getLogger(HashKeySweep.class);
    private static final int BATCH = 500;

    @Inject
    HashKeyRotation rotation;
    @Inject
    IdentityConfig config;
    @Inject
    MeterRegistry registry;

    private final AtomicReference<HashKeyStatus> last = new AtomicReference<>();
    private Counter rehashed;
    private Periodic job;

    void start(@Observes StartupEvent event) {
        if (!rotation.rotating()) {
            return;
        }
        rehashed = Counter.builder("crowsnest.identity.identifiers.rehashed")
                .description("Delivery addresses (with their identifiers) the hash key sweep hashed again under the "
                        + "current key").register(registry);
        for (int version : rotation.olderVersions()) {
            Gauge.builder("crowsnest.identity.identifier.hashes", last,
                    s -> s.get() == null ? Double.NaN : s.get().remainingByOlderVersion().getOrDefault(version, 0L))
                    .tag("key_version", Integer.toString(version))
                    .description("Identifiers still hashed under an older hash key (0: the key can be retired)")
                    .register(registry);
        }
        Gauge.builder("crowsnest.identity.identifier.hashes", last,
                s -> s.get() == null ? Double.NaN : s.get().remainingUnderUnconfiguredVersions())
                .tag("key_version", "retired")
                .description("Identifiers hashed under a key version no longer configured (not found by value)")
                .register(registry);
        job = Periodic.every("identity-hash-key-sweeper", config.hashKeySweep(), this::sweep);
    }

    /** One pass: batches of addresses until none is left or a batch moves fewer than it read, then the status. */
    public HashKeyStatus sweep() {
        int total = 0;
        int moved;
        do {
            moved = rotation.rehashAddresses(BATCH);
            total += moved;
        } while (moved == BATCH);
        if (rehashed != null) {
            rehashed.increment(total);
        }
        HashKeyStatus status = rotation.status();
        HashKeyStatus before = last.getAndSet(status);
        if (total > 0 || before == null || !before.equals(status)) {
            LOG.infof("hash key sweep: %d delivery addresses hashed again under the current key; %s", total,
                    status.summary());
        }
        return status;
    }

    @PreDestroy
    void stop() {
        Periodic.stop(job);
    }
}
