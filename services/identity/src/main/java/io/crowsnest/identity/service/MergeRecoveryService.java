package io.crowsnest.identity.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.identity.domain.Merge;
import io.crowsnest.identity.store.MergeStore;
import io.crowsnest.identity.store.MergeStore.State;
import io.crowsnest.identity.store.PersonStore;

/**
 * Finishes merges and unmerges a crash left half-way: a PENDING merge whose person was merged is
 * announced (or dropped when the person was not), an UNMERGE_PENDING one is completed. Safe on
 * every replica at once: the state transitions are compare-and-set under the persons' leases.
 */
@ApplicationScoped
public class MergeRecoveryService {

    private static final Logger LOG = Logger.getLogger(MergeRecoveryService.class);

    @Inject
    MergeStore mergeStore;
    @Inject
    PersonStore persons;
    @Inject
    MergeSteps merges;
    @Inject
    Leases leases;
    @Inject
    Clock clock;

    /** Finishes every merge left half-way since before the given instant; returns how many. */
    public int finishStuckSince(Instant before) {
        int finished = 0;
        for (MergeStore.Stored stuck : mergeStore.stuckSince(before)) {
            Merge record = stuck.record();
            try (Leases.Held held = leases.take(List.of(record.survivorPersonId(), record.mergedPersonId()))) {
                Instant now = clock.instant();
                if (stuck.state() == State.PENDING) {
                    boolean applied = persons.find(record.mergedPersonId())
                            .map(p -> record.mergeId().equals(p.mergeId())).orElse(false);
                    if (applied) {
                        merges.announceMerge(record, now);
                    } else {
                        mergeStore.delete(record.mergeId());
                    }
                } else {
                    persons.restore(record.mergedPersonId(), record.survivorPersonId(), record.mergeId(), now);
                    merges.refreshKinds(record.survivorPersonId(), now);
                    merges.announceUnmerge(record, now);
                }
                finished++;
                LOG.infof("finished merge %s left %s", record.mergeId(), stuck.state());
            }
        }
        return finished;
    }
}
