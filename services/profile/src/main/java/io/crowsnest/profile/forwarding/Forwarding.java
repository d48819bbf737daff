package io.crowsnest.profile.forwarding;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.crowsnest.profile.client.ScoringClient;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.domain.Backoff;
import io.crowsnest.profile.store.OutboxStore;

/**
 * One replica's delivery of outbox entries to scoring (events, and persons' attributes read at
 * delivery time), shared by its threads. Entries this replica just wrote are handed over in memory
 * (they are its own for one lease); any other due entry is claimed for a lease first, so replicas
 * never send one entry at the same time. Events go in batches (whatever was handed off or is due,
 * up to the batch size), one ObserveEvents call each, and every entry is settled from its own
 * result. An entry is deleted only once scoring acknowledged it, so nothing is lost when a replica
 * dies mid-way (the lease runs out and another takes it), and scoring's idempotency by event id
 * makes a redelivery harmless. While scoring is down every thread of the replica pauses, backing
 * off exponentially.
 */
public final class Forwarding {

    private static final Logger LOG = Logger.getLogger(Forwarding.class);

    private final OutboxStore outbox;
    private final ScoringClient scoring;
    private final Snapshots snapshots;
    private final ProfileConfig.Outbox config;
    private final Clock clock;
    // A claim reads beyond the outbox's _id index (on mongo-java-server it scans the collection):
    // one claim takes several batches, delivered one after the other within the claim's lease.
    private static final int CLAIMED_BATCHES = 5;

    private final BlockingQueue<Delivery> handedOff = new LinkedBlockingQueue<>();
    /** Places left in memory: writers reserve them before handing off, forwarders give them back. */
    private final AtomicInteger room;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicBoolean waitingForScoring = new AtomicBoolean();
    private volatile Instant pausedUntil = Instant.EPOCH;
    private final AtomicReference<Instant> nextClaim = new AtomicReference<>(Instant.EPOCH);

    /** A person's attributes as scoring is to receive them, read when they are delivered. */
    public interface Snapshots {

        /** The snapshot of a person that is a root now; empty when there is none to push (erased, merged away). */
        Optional<ScoringClient.Attributes> of(String personId);
    }

    /**
     * An entry to deliver: an event (eventId, observe) or a person's attributes (attributesOf,
     * sequence). One its writer hands off needs no lease token, since nobody else may claim it yet.
     */
    private record Delivery(String eventId, byte[] observe, String attributesOf, long sequence) {
    }

    /** What one delivery came to, and how to finish or put back its entry. */
    private record Settling(ScoringClient.Outcome outcome, Runnable done, Consumer<Instant> retryAt) {
    }

    public Forwarding(OutboxStore outbox, ScoringClient scoring, Snapshots snapshots, ProfileConfig.Outbox config,
            Clock clock) {
        this.outbox = outbox;
        this.scoring = scoring;
        this.snapshots = snapshots;
        if (config.batchSize() < 1 || config.batchSize() > 500) {
            throw new IllegalArgumentException("crowsnest.profile.outbox.batch-size must be 1 to 500 (ObserveEvents' "
                    + "limit), not " + config.batchSize());
        }
        this.config = config;
        this.clock = clock;
        this.room = new AtomicInteger(Math.max(1, config.handOffCapacity()));
    }

    /**
     * Reserves places in memory for this many entries a writer is about to hand off with
     * {@link #handOff}; false (nothing reserved) when they do not all fit.
     */
    public boolean reserve(int entries) {
        while (true) {
            int left = room.get();
            if (left < entries) {
                return false;
            }
            if (room.compareAndSet(left, left - entries)) {
                return true;
            }
        }
    }

    /** Takes an entry this replica just wrote, in a place reserved for it. */
    public void handOff(String eventId, byte[] observe) {
        handedOff.add(new Delivery(eventId, observe, null, 0));
    }

    /**
     * Takes the attributes entry of a person whose change this replica just wrote, at the sequence
     * it noted; when memory is full it is left to the claims after its lease.
     */
    public void handOffAttributes(String personId, long sequence) {
        if (reserve(1)) {
            handedOff.add(new Delivery(null, null, personId, sequence));
        }
    }

    /**
     * Delivers the entries handed off so far, or else claims due ones, up to a batch of each: the
     * events in one ObserveEvents call, the attributes one by one. False when there was none or
     * delivery is paused.
     */
    public boolean forward() {
        Instant now = clock.instant();
        if (now.isBefore(pausedUntil)) {
            return false;
        }
        List<Delivery> own = new ArrayList<>();
        handedOff.drainTo(own, config.batchSize());
        room.addAndGet(own.size());
        if (!own.isEmpty()) {
            deliver(own, null);
            return true;
        }
        // a claim reads the outbox beyond its _id index: one look per poll for the whole replica,
        // not one per thread that found the hand-offs drained, unless the last look found a backlog
        Instant nextLook = nextClaim.get();
        if (now.isBefore(nextLook) || !nextClaim.compareAndSet(nextLook, now.plus(config.poll()))) {
            return false;
        }
        String token = UUID.randomUUID().toString();
        List<OutboxStore.Entry> claimed = outbox.claimDeliverable(now, token, config.lease(),
                config.batchSize() * CLAIMED_BATCHES);
        if (!claimed.isEmpty()) {
            nextClaim.set(now);
        }
        List<Delivery> deliveries = claimed.stream()
                .map(e -> new Delivery(e.eventId(), e.observe(), e.attributesOf(), e.sequence())).toList();
        for (int from = 0; from < deliveries.size(); from += config.batchSize()) {
            if (from > 0 && clock.instant().isBefore(pausedUntil)) {
                // scoring failed a batch: the rest of the claim is due again when the pause ends
                List<Delivery> rest = deliveries.subList(from, deliveries.size());
                outbox.release(rest.stream().map(Delivery::eventId).filter(Objects::nonNull).toList(),
                        rest.stream().map(Delivery::attributesOf).filter(Objects::nonNull).toList(), token,
                        pausedUntil);
                break;
            }
            deliver(deliveries.subList(from, Math.min(deliveries.size(), from + config.batchSize())), token);
        }
        return !claimed.isEmpty();
    }

    /** How long an idle thread waits before looking again (a hand-off wakes it sooner). */
    public Duration idleFor() {
        Duration paused = Duration.between(clock.instant(), pausedUntil);
        return paused.isNegative() || paused.isZero() ? config.poll() : paused;
    }

    /** The attributes one by one, then the events in one call, each entry settled from its own outcome. */
    private void deliver(List<Delivery> entries, String token) {
        List<Delivery> events = new ArrayList<>();
        for (Delivery entry : entries) {
            if (entry.attributesOf() != null) {
                deliverAttributes(entry.attributesOf(), entry.sequence(), token);
            } else {
                events.add(entry);
            }
        }
        if (events.isEmpty()) {
            return;
        }
        List<ScoringClient.Outcome> outcomes = scoring.observe(
                events.stream().map(e -> new ScoringClient.Event(e.eventId(), e.observe())).toList());
        List<Settling> settling = new ArrayList<>();
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            String eventId = events.get(i).eventId();
            settling.add(new Settling(outcomes.get(i), () -> acknowledged.add(eventId),
                    due -> outbox.retryAt(eventId, token, due)));
        }
        settle(settling);
        if (!acknowledged.isEmpty()) {
            outbox.deleteAll(acknowledged);
        }
    }

    /**
     * Pushes the person's attributes as they are now; the entry goes only if no change was noted
     * after the sequence this delivery started from, since the snapshot may predate that change.
     */
    private void deliverAttributes(String personId, long sequence, String token) {
        Optional<ScoringClient.Attributes> snapshot = snapshots.of(personId);
        settle(List.of(new Settling(
                snapshot.isEmpty() ? ScoringClient.Outcome.DELIVERED : scoring.observeAttributes(snapshot.get()),
                () -> outbox.deleteAttributes(personId, sequence),
                due -> outbox.retryAttributesAt(personId, token, due))));
    }

    /**
     * Settles the entries of one call. Entries scoring could not take now share one back-off step,
     * so a batch counts as one failure, as one call did.
     */
    private void settle(List<Settling> entries) {
        List<Consumer<Instant>> unavailable = new ArrayList<>();
        List<Consumer<Instant>> notYet = new ArrayList<>();
        for (Settling entry : entries) {
            switch (entry.outcome()) {
                case DELIVERED, REFUSED -> {
                    entry.done().run();
                    failures.set(0);
                    if (waitingForScoring.compareAndSet(true, false)) {
                        LOG.info("scoring observes events now; the outbox drains");
                    }
                }
                case UNAVAILABLE -> unavailable.add(entry.retryAt());
                case NOT_YET -> notYet.add(entry.retryAt());
                case REJECTED -> entry.retryAt().accept(clock.instant().plus(config.maxBackoff()));
            }
        }
        if (!unavailable.isEmpty()) {
            pause(unavailable, Backoff.after(failures.incrementAndGet(), config.initialBackoff(),
                    config.maxBackoff(), ThreadLocalRandom.current().nextDouble()));
        }
        if (!notYet.isEmpty()) {
            if (waitingForScoring.compareAndSet(false, true)) {
                LOG.warnf("scoring does not observe events yet (UNIMPLEMENTED); events stay in the outbox and "
                        + "are offered again every %s", config.unimplementedRetry());
            }
            pause(notYet, config.unimplementedRetry());
        }
    }

    private void pause(List<Consumer<Instant>> retryAt, Duration pause) {
        Instant until = clock.instant().plus(pause);
        pausedUntil = until;
        retryAt.forEach(entry -> entry.accept(until));
    }
}
