package io.crowsnest.profile.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.domain.Backoff;
import io.crowsnest.profile.store.OutboxStore;
import io.crowsnest.scoring.v1.ObserveAttributesRequest;

/**
 * One replica's delivery of outbox entries to scoring (events, and persons' attributes read at
 * delivery time), shared by its threads. Entries this replica
 * just wrote are handed over in memory (they are its own for one lease); any other due entry is
 * claimed for a lease first, so replicas never send one entry at the same time. An entry is deleted
 * only once scoring acknowledged it, so nothing is lost when a replica dies mid-way (the lease runs
 * out and another takes it), and scoring's idempotency by event id makes a redelivery harmless.
 * While scoring is down every thread of the replica pauses, backing off exponentially.
 */
public final class Forwarding {

    private static final Logger LOG = Logger.getLogger(Forwarding.class);
    private static final int HANDED_OFF_MAX = 10_000;

    private final OutboxStore outbox;
    private final ScoringClient scoring;
    private final Snapshots snapshots;
    private final ProfileConfig.Outbox config;
    private final BlockingQueue<HandedOff> handedOff = new ArrayBlockingQueue<>(HANDED_OFF_MAX);
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicBoolean waitingForScoring = new AtomicBoolean();
    private volatile Instant pausedUntil = Instant.EPOCH;

    /** A person's attributes as scoring is to receive them, read when they are delivered. */
    public interface Snapshots {

        /** The snapshot of a person that is a root now; empty when there is none to push (erased, merged away). */
        Optional<ObserveAttributesRequest> of(String personId);
    }

    /**
     * An entry its writer delivers itself; no lease token since nobody else may claim it yet. An
     * event (eventId, observe) or a person's attributes (attributesOf, sequence).
     */
    private record HandedOff(String eventId, byte[] observe, String attributesOf, long sequence) {
    }

    public Forwarding(OutboxStore outbox, ScoringClient scoring, Snapshots snapshots, ProfileConfig.Outbox config) {
        this.outbox = outbox;
        this.scoring = scoring;
        this.snapshots = snapshots;
        this.config = config;
    }

    /** Takes an entry this replica just wrote; when too many wait, it is left to the claims after its lease. */
    public void handOff(String eventId, byte[] observe) {
        handedOff.offer(new HandedOff(eventId, observe, null, 0));
    }

    /** Takes the attributes entry of a person whose change this replica just wrote, at the sequence it noted. */
    public void handOffAttributes(String personId, long sequence) {
        handedOff.offer(new HandedOff(null, null, personId, sequence));
    }

    /** Delivers one handed-off or claimed due entry; false when there was none or delivery is paused. */
    public boolean forwardOne() {
        Instant now = Instant.now();
        if (now.isBefore(pausedUntil)) {
            return false;
        }
        HandedOff own = handedOff.poll();
        if (own != null) {
            if (own.attributesOf() != null) {
                deliverAttributes(own.attributesOf(), own.sequence(), null);
            } else {
                deliver(own.eventId(), own.observe(), null);
            }
            return true;
        }
        String token = UUID.randomUUID().toString();
        Optional<OutboxStore.Entry> claimed = outbox.claimDeliverable(now, token, config.lease());
        claimed.ifPresent(entry -> {
            if (entry.attributesOf() != null) {
                deliverAttributes(entry.attributesOf(), entry.sequence(), token);
            } else {
                deliver(entry.eventId(), entry.observe(), token);
            }
        });
        return claimed.isPresent();
    }

    /** How long an idle thread waits before looking again (a hand-off wakes it sooner). */
    public Duration idleFor() {
        Duration paused = Duration.between(Instant.now(), pausedUntil);
        return paused.isNegative() || paused.isZero() ? config.poll() : paused;
    }

    private void deliver(String eventId, byte[] observe, String token) {
        settle(scoring.observe(eventId, observe), () -> outbox.delete(eventId),
                due -> outbox.retryAt(eventId, token, due));
    }

    /**
     * Pushes the person's attributes as they are now; the entry goes only if no change was noted
     * after the sequence this delivery started from, since the snapshot may predate that change.
     */
    private void deliverAttributes(String personId, long sequence, String token) {
        Optional<ObserveAttributesRequest> snapshot = snapshots.of(personId);
        settle(snapshot.isEmpty() ? ScoringClient.Outcome.DELIVERED : scoring.observeAttributes(snapshot.get()),
                () -> outbox.deleteAttributes(personId, sequence),
                due -> outbox.retryAttributesAt(personId, token, due));
    }

    private void settle(ScoringClient.Outcome outcome, Runnable done, Consumer<Instant> retryAt) {
        switch (outcome) {
            case DELIVERED, REFUSED -> {
                done.run();
                failures.set(0);
                if (waitingForScoring.compareAndSet(true, false)) {
                    LOG.info("scoring observes events now; the outbox drains");
                }
            }
            case UNAVAILABLE -> pause(retryAt, Backoff.after(failures.incrementAndGet(),
                    config.initialBackoff(), config.maxBackoff(), ThreadLocalRandom.current().nextDouble()));
            case NOT_YET -> {
                if (waitingForScoring.compareAndSet(false, true)) {
                    LOG.warnf("scoring does not observe events yet (UNIMPLEMENTED); events stay in the outbox and "
                            + "are offered again every %s", config.unimplementedRetry());
                }
                pause(retryAt, config.unimplementedRetry());
            }
            case REJECTED -> retryAt.accept(Instant.now().plus(config.maxBackoff()));
        }
    }

    private void pause(Consumer<Instant> retryAt, Duration pause) {
        Instant until = Instant.now().plus(pause);
        pausedUntil = until;
        retryAt.accept(until);
    }
}
