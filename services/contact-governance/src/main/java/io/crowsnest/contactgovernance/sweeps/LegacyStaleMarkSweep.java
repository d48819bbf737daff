package io.crowsnest.contactgovernance.sweeps;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.contactgovernance.config.GovernanceConfig;
import io.crowsnest.contactgovernance.store.ConsentStore;
import io.crowsnest.contactgovernance.store.LegacyStaleMarks;
import io.crowsnest.platform.jobs.Periodic;
import io.quarkus.runtime.StartupEvent;

/**
 * Moves the stale marks of the version before into the persons' consents documents, on every
 * replica (moving one twice marks the person twice: one more rebuild, never a lost mark). Until 2026-12-08 a
 * commit or release that could not reach Redis marked the person in {@code stale_counters}, read by
 * every grant; now the mark is a field of the consents document every grant reads anyway. During a
 * rolling upgrade the instances not yet upgraded still write the old marks: a mark moved within
 * seconds is honoured before the contact it concerns can count wrongly (until the reservation's
 * expiry, 15 minutes by default, the counters still hold it as a held reservation).
 */
@ApplicationScoped
public class LegacyStaleMarkSweep {

    private static final Logger LOG = Logger.getLogger(LegacyStaleMarkSweep.class);
    private static final int PAGE = 500;

    @Inject
    GovernanceConfig config;
    @Inject
    LegacyStaleMarks legacy;
    @Inject
    ConsentStore consents;

    private Periodic job;

    void start(@Observes StartupEvent event) {
        job = Periodic.nowAndEvery("governance-legacy-stale-marks", config.legacyStaleMarkSweep(), this::sweep);
    }

    /** Moves the marks found (up to 500 a run; there are none once every instance is upgraded); returns how many. */
    public int sweep() {
        int moved = 0;
        for (LegacyStaleMarks.Mark mark : legacy.some(PAGE)) {
            // marked in its new place first: a failure in between leaves the old mark, moved again next time
            consents.markCountersStale(mark.personId(), mark.markedAt());
            legacy.clear(mark);
            moved++;
        }
        if (moved > 0) {
            LOG.infof("moved %d stale marks of counters, written by an instance of the version before, into the "
                    + "consents documents", moved);
        }
        return moved;
    }

    @PreDestroy
    void stop() {
        Periodic.stop(job);
    }
}
