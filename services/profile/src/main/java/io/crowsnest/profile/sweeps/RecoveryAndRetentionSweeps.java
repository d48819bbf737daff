package io.crowsnest.profile.sweeps;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.service.EventRecorder;
import io.crowsnest.profile.store.EventStore;
import io.crowsnest.profile.store.OutboxStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Background upkeep on one thread of each replica: completing events whose writer died between the
 * outbox entry and the profile (entries are leased, so one replica completes each), and deleting
 * events past their retention.
 */
@ApplicationScoped
public class RecoveryAndRetentionSweeps {

    private static final Logger LOG = Logger.getLogger(RecoveryAndRetentionSweeps.class);

    @Inject
    ProfileConfig config;
    @Inject
    OutboxStore outbox;
    @Inject
    EventStore events;
    @Inject
    EventRecorder recorder;
    @Inject
    Clock clock;

    private ScheduledExecutorService scheduler;

    void start(@Observes StartupEvent started) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "profile-sweeps");
            thread.setDaemon(true);
            return thread;
        });
        long recoverEvery = config.outbox().recoverAfter().toMillis() / 2;
        scheduler.scheduleWithFixedDelay(this::recover, recoverEvery, recoverEvery, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::expire, 0, config.retentionSweep().toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
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

    private void expire() {
        try {
            long deleted = events.deleteExpired(clock.instant());
            if (deleted > 0) {
                LOG.infof("deleted %d events past their retention", deleted);
            }
        } catch (RuntimeException e) {
            LOG.warnf("retention sweep failed (%s); it runs again at the next interval", e.toString());
        }
    }
}
