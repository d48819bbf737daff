package io.crowsnest.scoring.service;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.Activation;
import io.crowsnest.scoring.domain.AppliedPlans;
import io.crowsnest.scoring.domain.Plan;
import io.crowsnest.scoring.domain.PlanBook;
import io.crowsnest.scoring.store.PlanStore;

/**
 * The plan book every event is scored with: the activation timeline and the versions it names,
 * re-read from MongoDB at most every {@code crowsnest.scoring.plan-refresh} (at once after an
 * activation by this replica). Versions are immutable, so their content is cached for good.
 */
@ApplicationScoped
public class PlanCatalog {

    @Inject
    PlanStore store;
    @Inject
    ScoringConfig config;

    private final Map<String, Plan> versions = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile Loaded current;

    /** A book, when it was read and the generation it was read in (an activation makes it stale at once). */
    private record Loaded(PlanBook book, long loadedAtNanos, long generation) {
    }

    /**
     * The plans in force. After an activation by this replica every caller waits for the reload;
     * the periodic refresh is done by one caller while the others use the book they have.
     */
    public PlanBook book() {
        Loaded loaded = current;
        if (loaded == null || loaded.generation() != generation.get()) {
            reloading.lock();
            try {
                Loaded again = current;
                return again != null && again.generation() == generation.get() ? again.book() : reload().book();
            } finally {
                reloading.unlock();
            }
        }
        if (System.nanoTime() - loaded.loadedAtNanos() > config.planRefresh().toNanos() && reloading.tryLock()) {
            try {
                return reload().book();
            } finally {
                reloading.unlock();
            }
        }
        return loaded.book();
    }

    /** Makes the cached timeline stale, so that the next event sees an activation made just now. */
    public void invalidate() {
        generation.incrementAndGet();
    }

    /** Reads the timeline again; the caller holds the lock. */
    private Loaded reload() {
        long readIn = generation.get();
        PlanStore.VersionedTimeline timeline = store.timeline();
        Map<String, Plan> named = new HashMap<>();
        for (Activation a : timeline.timeline().entries()) {
            String key = PlanBook.key(a.planId(), a.version());
            named.put(key, versions.computeIfAbsent(key, k -> store.find(a.planId(), a.version())
                    .map(v -> AppliedPlans.of(v.plan(), v.version(), config.reportingCurrency()))
                    .orElseThrow(() -> new IllegalStateException("activated version " + k + " is missing"))));
        }
        Loaded loaded = new Loaded(new PlanBook(timeline.timeline(), named), System.nanoTime(), readIn);
        current = loaded;
        return loaded;
    }
}
