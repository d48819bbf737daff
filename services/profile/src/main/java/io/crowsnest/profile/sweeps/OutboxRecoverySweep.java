package io.crowsnest.profile.sweeps;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.platform.jobs.Periodic;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.service.EventRecorder;
import io.crowsnest.profile.store.OutboxStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Completes, every half recover-after on each replica, the events whose writer died between the
 * outbox entry and the profile (EventRecorder's recovery); entries are leased, so one replica
 * completes each.
 */
@ApplicationScoped
public class OutboxRecoverySweep {

    private static final Logger LOG = Logger.getLogger(OutboxRecoverySweep.class);

    @Inject
    ProfileConfig config;
    @Inject
    OutboxStore outbox;
    @Inject
    EventRecorder recorder;
    @Inject
    Clock clock;

    private Periodic job;

    void start(@Observes StartupEvent started) {
        job = Periodic.every("profile-outbox-recovery", config.outbox().recoverAfter().dividedBy(2), this::recover);
    }

    void stop(@Observes ShutdownEvent stopping) {
        Periodic.stop(job);
    }

    /** Completes every entry left unapplied for longer than recover-after; returns how many. */
    public int recover() {
        int recovered = 0;
        try {
            Optional<OutboxStore.Entry> entry;
            while ((entry = outbox.claimUnapplied(clock.instant(), UUID.randomUUID().toString(),
                    config.outbox().lease())).isPresent()) {
                try {
                    recorder.recover(entry.get());
                    recovered++;
                } catch (RuntimeException e) {
                    LOG.warnf("could not complete event %s yet (%s); it is tried again after the lease",
                            entry.get().eventId(), e.toString());
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("recovery sweep failed (%s); it runs again shortly", e.toString());
        }
        if (recovered > 0) {
            LOG.infof("completed %d events whose writer stopped half-way", recovered);
        }
        return recovered;
    }
}
