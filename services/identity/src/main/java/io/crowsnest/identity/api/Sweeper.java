package io.crowsnest.identity.api;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.identity.config.IdentityConfig;
import io.crowsnest.identity.store.MergeStore;
import io.crowsnest.identity.store.MergeStore.State;
import io.crowsnest.identity.store.PersonStore;
import io.crowsnest.identity.v1.MergeRecord;
import io.quarkus.runtime.StartupEvent;

/**
 * Finishes merges and unmerges a crash left half-way: a PENDING merge whose person was merged is
 * announced (or dropped when the person was not), an UNMERGE_PENDING one is completed. Runs on
 * every replica; the state transitions are compare-and-set, so replicas do not finish one twice.
 */
@ApplicationScoped
public class Sweeper {

    private static final Logger LOG = Logger.getLogger(Sweeper.class);

    @Inject
    MergeStore mergeStore;
    @Inject
    PersonStore persons;
    @Inject
    Merges merges;
    @Inject
    Leases leases;
    @Inject
    IdentityConfig config;

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
            sweepSince(Instant.now().minus(config.personLease().multipliedBy(2)));
        } catch (RuntimeException e) {
            LOG.warnf("merge sweep failed, next one retries: %s", e.toString());
        }
    }

    /** Finishes every merge left half-way since before the given instant; returns how many. */
    public int sweepSince(Instant before) {
        int finished = 0;
        for (MergeStore.Stored stuck : mergeStore.stuckSince(before)) {
            MergeRecord record = stuck.record();
            try (Leases.Held held = leases.take(java.util.List.of(record.getSurvivorPersonId(),
                    record.getMergedPersonId()))) {
                Instant now = Instant.now();
                if (stuck.state() == State.PENDING) {
                    boolean applied = persons.find(record.getMergedPersonId())
                            .map(p -> record.getMergeId().equals(p.mergeId())).orElse(false);
                    if (applied) {
                        merges.announceMerge(record, now);
                    } else {
                        mergeStore.delete(record.getMergeId());
                    }
                } else {
                    persons.restore(record.getMergedPersonId(), record.getMergeId(), now);
                    merges.refreshKinds(record.getSurvivorPersonId(), now);
                    merges.announceUnmerge(record, now);
                }
                finished++;
                LOG.infof("finished merge %s left %s", record.getMergeId(), stuck.state());
            }
        }
        return finished;
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
