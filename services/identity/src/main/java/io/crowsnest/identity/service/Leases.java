package io.crowsnest.identity.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.identity.config.IdentityConfig;
import io.crowsnest.identity.store.PersonStore;
import io.crowsnest.identity.domain.IdentityErrors.Contention;
import io.crowsnest.identity.domain.IdentityErrors.ShuttingDown;
import io.crowsnest.platform.jobs.Backoff;

/**
 * Leases on persons for the requests that change who is who (merge, unmerge, erase). They are taken
 * in id order, so two requests never wait on each other in a cycle, and they expire, so a crashed
 * holder blocks nobody for longer than the configured lease.
 */
@ApplicationScoped
public class Leases {

    @Inject
    PersonStore persons;
    @Inject
    IdentityConfig config;
    @Inject
    Clock clock;

    /** Leases held on a set of persons; closing releases them. */
    public final class Held implements AutoCloseable {
        private final String token = UUID.randomUUID().toString();
        private final List<String> ids = new ArrayList<>();

        @Override
        public void close() {
            ids.forEach(id -> persons.unlock(id, token));
        }
    }

    /** Takes the leases of every person, waiting for holders; ABORTED when they stay taken too long. */
    public Held take(Collection<String> personIds) {
        Held held = new Held();
        Instant giveUp = clock.instant().plus(config.leaseWait());
        try {
            for (String id : new TreeSet<>(personIds)) {
                for (int busy = 0; !persons.lock(id, held.token, clock.instant(), config.personLease()); busy++) {
                    if (clock.instant().isAfter(giveUp)) {
                        throw new Contention("person " + id + " is being merged, unmerged or erased by another request");
                    }
                    if (!Backoff.CONTENDED.pause(busy)) {
                        throw new ShuttingDown();
                    }
                }
                held.ids.add(id);
            }
            return held;
        } catch (RuntimeException e) {
            held.close();
            throw e;
        }
    }
}
