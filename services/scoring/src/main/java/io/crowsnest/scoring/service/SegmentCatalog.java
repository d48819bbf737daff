package io.crowsnest.scoring.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.SegmentDefinition;
import io.crowsnest.scoring.domain.SegmentLanguage;
import io.crowsnest.scoring.domain.SystemDefinition;
import io.crowsnest.scoring.store.SegmentStore;
import io.crowsnest.scoring.store.SystemStore;

/**
 * The segments every evaluation uses, compiled against the score names of the plans in force or
 * scheduled; re-read at most every {@code crowsnest.scoring.plan-refresh}, at once after a change
 * by this replica. The language is rebuilt when those score names change.
 */
@ApplicationScoped
public class SegmentCatalog {

    private static final Logger LOG = Logger.getLogger(SegmentCatalog.class);

    /** A segment with its compiled expression (null when it no longer compiles, e.g. a score was dropped). */
    public record Entry(SegmentDefinition segment, SegmentLanguage.Compiled compiled) {
    }

    /** What evaluations read. */
    public record Snapshot(SegmentLanguage language, List<SystemDefinition> systems, List<Entry> segments) {
    }

    @Inject
    SegmentStore segments;
    @Inject
    SystemStore systems;
    @Inject
    PlanCatalog plans;
    @Inject
    Clock clock;
    @Inject
    ScoringConfig config;
    @Inject
    VariableMessages messages;

    private final AtomicLong generation = new AtomicLong();
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile SegmentLanguage language;
    private volatile Loaded current;

    /** A snapshot, when it was read and the generation it was read in (a change makes it stale at once). */
    private record Loaded(Snapshot snapshot, long atNanos, long generation) {
    }

    /**
     * The current segments. A change (this replica's, or new score names) makes every caller wait
     * for the reload; the periodic refresh is done by one caller while the others keep evaluating
     * against the snapshot they have, so a refresh never queues the requests behind it.
     */
    public Snapshot current() {
        Loaded loaded = current;
        if (loaded == null || changed(loaded)) {
            reloading.lock();
            try {
                Loaded again = current;
                return again != null && !changed(again) ? again.snapshot() : reload();
            } finally {
                reloading.unlock();
            }
        }
        if (System.nanoTime() - loaded.atNanos() > config.planRefresh().toNanos() && reloading.tryLock()) {
            try {
                return reload();
            } finally {
                reloading.unlock();
            }
        }
        return loaded.snapshot();
    }

    private boolean changed(Loaded loaded) {
        return loaded.generation() != generation.get()
                || !loaded.snapshot().language().scoreNames().equals(plans.book().scoreNames(clock.instant()));
    }

    /** The language as segments are checked in now. */
    public SegmentLanguage language() {
        Set<String> names = plans.book().scoreNames(clock.instant());
        SegmentLanguage known = language;
        if (known == null || !known.scoreNames().equals(names)) {
            ScoringConfig.Expressions bounds = config.expressions();
            known = new SegmentLanguage(names, messages.featuresType(), messages.valueType(),
                    Map.of(), new SegmentLanguage.Limits(bounds.maxLength(), bounds.maxNesting(), bounds.maxIterations(),
                            bounds.timeBudget()), System::nanoTime);
            language = known;
        }
        return known;
    }

    public void invalidate() {
        generation.incrementAndGet();
    }

    /** Reads the segments again (the caller holds the lock), compiling only what changed. */
    private Snapshot reload() {
        long readIn = generation.get();
        SegmentLanguage lang = language();
        Map<String, Entry> before = new HashMap<>();
        Loaded previous = current;
        if (previous != null && previous.snapshot().language() == lang) {
            previous.snapshot().segments().forEach(e -> before.put(e.segment().segmentId(), e));
        }
        List<Entry> entries = new ArrayList<>();
        for (SegmentDefinition segment : segments.all()) {
            Entry known = before.get(segment.segmentId());
            if (known != null && known.segment().revision() == segment.revision()
                    && known.segment().expression().equals(segment.expression())) {
                entries.add(new Entry(segment, known.compiled()));
                continue;
            }
            SegmentLanguage.Compilation c = lang.compile(segment.expression());
            if (c.compiled() == null) {
                LOG.warnf("segment %s (revision %d) no longer compiles and is not evaluated: %s",
                        segment.segmentId(), segment.revision(), c.problems().get(0).describe());
            }
            entries.add(new Entry(segment, c.compiled()));
        }
        Snapshot snapshot = new Snapshot(lang, systems.all(), entries);
        current = new Loaded(snapshot, System.nanoTime(), readIn);
        return snapshot;
    }
}
