package io.crowsnest.identity.sweeps;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.identity.config.IdentityConfig;
import io.crowsnest.identity.store.DeliveryAddressStore;
import io.crowsnest.platform.jobs.Periodic;
import io.quarkus.runtime.StartupEvent;

/**
 * Seals again, under the current address key, the delivery addresses kept under an older key or in
 * clear text (written before encryption), in batches, on every replica; says how many remain, so an
 * operator knows when an old key may be removed (docs/security.md, "Rotating the address key").
 */
@ApplicationScoped
public class AddressKeySweep {

    private static final Logger LOG = Logger.getLogger(AddressKeySweep.class);
    private static final int BATCH = 500;

    @Inject
    DeliveryAddressStore addresses;
    @Inject
    IdentityConfig config;

    private Periodic job;

    void start(@Observes StartupEvent event) {
        job = Periodic.every("identity-address-key-sweeper", config.addressKeySweep(), this::sweep);
    }

    /** One pass: batches until nothing older is left or a batch seals nothing (left to the next pass). */
    private void sweep() {
        int total = 0;
        int sealed;
        do {
            sealed = addresses.resealOlder(BATCH);
            total += sealed;
        } while (sealed == BATCH);
        if (total > 0) {
            LOG.infof("sealed %d delivery addresses again under the current address key; %d remain under an "
                    + "older key or in clear text", total, addresses.countOlder());
        }
    }

    @PreDestroy
    void stop() {
        Periodic.stop(job);
    }
}
