package io.crowsnest.profile.forwarding;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.profile.client.ScoringClient;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.store.OutboxStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Runs this replica's {@link Forwarding} on its own threads from start-up to shutdown. RecordEvent,
 * UpdateAttributes and merges hand each entry they wrote to them, so delivery does not wait for the
 * next poll.
 */
@ApplicationScoped
public class ScoringForwarder {

    private static final Logger LOG = Logger.getLogger(ScoringForwarder.class);

    @Inject
    ProfileConfig config;
    @Inject
    OutboxStore outbox;
    @Inject
    ScoringClient scoring;
    @Inject
    Forwarding.Snapshots snapshots;
    @Inject
    Clock clock;

    private final Object signal = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private volatile Forwarding forwarding;

    void start(@Observes StartupEvent started) {
        if (!config.outbox().enabled()) {
            return;
        }
        running = true;
        forwarding = new Forwarding(outbox, scoring, snapshots, config.outbox(), clock);
        for (int i = 0; i < config.outbox().concurrency(); i++) {
            Thread thread = new Thread(this::work, "outbox-forwarder-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    void stop(@Observes ShutdownEvent stopping) {
        running = false;
        wakeAll();
        for (Thread thread : threads) {
            try {
                thread.join(config.outbox().deadline().toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Reserves places in the forwarders' memory for this many entries the caller then hands off
     * ({@link #handOff}, once each); false when they do not fit. A writer that hands off keeps its
     * entries for one lease; one that cannot makes them due at once, so that a burst beyond what
     * memory holds is claimed from the outbox right away instead of waiting out the lease.
     */
    public boolean reserve(int entries) {
        Forwarding current = forwarding;
        return current != null && current.reserve(entries);
    }

    /** Hands an entry this replica just wrote, in a place reserved for it, to its forwarders, and wakes one. */
    public void handOff(String eventId, byte[] observe) {
        Forwarding current = forwarding;
        if (current != null) {
            current.handOff(eventId, observe);
            synchronized (signal) {
                signal.notify();
            }
        }
    }

    /** Hands the attributes entry of a person whose change this replica just wrote to its forwarders, and wakes one. */
    public void handOffAttributes(String personId, long sequence) {
        Forwarding current = forwarding;
        if (current != null) {
            current.handOffAttributes(personId, sequence);
            synchronized (signal) {
                signal.notify();
            }
        }
    }

    private void wakeAll() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void work() {
        while (running) {
            try {
                if (!forwarding.forward()) {
                    await(forwarding.idleFor());
                }
            } catch (RuntimeException e) {
                LOG.warnf("outbox forwarding failed (%s); trying again shortly", e.toString());
                await(config.outbox().poll());
            }
        }
    }

    private void await(Duration pause) {
        synchronized (signal) {
            if (!running) {
                return;
            }
            try {
                signal.wait(Math.max(1, pause.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
