package io.crowsnest.decisioning.campaigns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.store.CampaignRunStore;

/**
 * This instance's part of the person-id partitions. Every runner says it is alive (a heartbeat
 * with the lease time to live); each holds at most its fair share, ceil(partitions / runners
 * alive), gives back what is over it, and takes free or expired partitions up to it. So a replica
 * that starts takes over part of the audience within a pass, and the partitions of one that died
 * are taken over once its leases and heartbeat expire. A lease is a compare-and-set in the store:
 * two instances never hold the same partition at once.
 */
@ApplicationScoped
public class PartitionLeases {

    @Inject
    CampaignRunStore run;
    @Inject
    DecisioningConfig config;
    @Inject
    Clock clock;

    private final String owner = "decisioning-" + UUID.randomUUID();
    private volatile Instant lastBeat = Instant.MIN;

    /** The largest number of partitions one of {@code runners} runners holds. */
    static int share(int partitions, int runners) {
        return (partitions + Math.max(1, runners) - 1) / Math.max(1, runners);
    }

    /** Renews this instance's place among the runners and its share of the partitions; the partitions it holds. */
    public Set<Integer> claim() {
        Instant now = clock.instant();
        Duration ttl = config.campaigns().leaseTtl();
        int partitions = config.campaigns().partitions();
        int share = share(partitions, beat(now, ttl));
        Set<Integer> mine = new TreeSet<>();
        for (int p : run.held(owner, now)) {
            if (mine.size() < share && hold(p)) {
                mine.add(p);
            } else {
                run.release(p, owner); // over the share: another runner takes it
            }
        }
        for (int p = 0; p < partitions && mine.size() < share; p++) {
            if (!mine.contains(p) && hold(p)) {
                mine.add(p);
            }
        }
        return mine;
    }

    /**
     * Takes or renews the partition's lease (and, during a long round, the heartbeat); false when
     * another instance holds it.
     */
    public boolean hold(int partition) {
        Instant now = clock.instant();
        Duration ttl = config.campaigns().leaseTtl();
        if (lastBeat.isBefore(now.minus(ttl.dividedBy(3)))) {
            beat(now, ttl);
        }
        return run.lease(partition, owner, now, ttl);
    }

    private int beat(Instant now, Duration ttl) {
        lastBeat = now;
        return run.heartbeat(owner, now, ttl);
    }

    /** Gives every partition back and leaves the runners (when the instance stops). */
    public void leave() {
        for (int p = 0; p < config.campaigns().partitions(); p++) {
            run.release(p, owner);
        }
        run.leave(owner);
    }
}
