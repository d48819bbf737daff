package io.crowsnest.scoring.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.SegmentLanguage;
import io.crowsnest.scoring.store.SegmentStore;
import io.crowsnest.scoring.store.SystemStore;
import io.crowsnest.scoring.v1.BehaviourFeatures;
import io.crowsnest.scoring.v1.Segment;
import io.crowsnest.scoring.v1.SegmentationSystem;
import io.crowsnest.scoring.v1.ValueScores;

/**
 * The segments every evaluation uses, compiled against the score names of the plans in force or
 * scheduled; re-read at most every {@code crowsnest.scoring.plan-refresh}, at once after a change
 * by this replica. The language is rebuilt when those score names change.
 */
@ApplicationScoped
public class SegmentCatalog {

    private static final Logger LOG = Logger.getLogger(SegmentCatalog.class);

    /** Variables the contract declares that this version does not serve, with why. */
    static final Map<String, String> UNAVAILABLE = Map.of(
            "attributes", "attributes are not available to segments yet: scoring does not receive profile attributes");

    /** A segment with its compiled expression (null when it no longer compiles, e.g. a score was dropped). */
    public record Entry(Segment segment, SegmentLanguage.Compiled compiled) {
    }

    /** What evaluations read. */
    public record Snapshot(SegmentLanguage language, List<SegmentationSystem> systems, List<Entry> segments) {
    }

    @Inject
    SegmentStore segments;
    @Inject
    SystemStore systems;
    @Inject
    PlanCatalog plans;
    @Inject
    ScoringConfig config;

    private final AtomicLong generation = new AtomicLong();
    private volatile SegmentLanguage language;
    private volatile Loaded current;

    /** A snapshot, when it was read and the generation it was read in (a change makes it stale at once). */
    private record Loaded(Snapshot snapshot, long atNanos, long generation) {
    }

    public Snapshot current() {
        Loaded loaded = current;
        if (loaded == null || loaded.generation() != generation.get()
                || System.nanoTime() - loaded.atNanos() > config.planRefresh().toNanos()
                || !loaded.snapshot().language().scoreNames().equals(plans.book().scoreNames(Instant.now()))) {
            return reload();
        }
        return loaded.snapshot();
    }

    /** The language as segments are checked in now. */
    public SegmentLanguage language() {
        Set<String> names = plans.book().scoreNames(Instant.now());
        SegmentLanguage known = language;
        if (known == null || !known.scoreNames().equals(names)) {
            known = new SegmentLanguage(names, BehaviourFeatures.getDescriptor(), ValueScores.getDescriptor(),
                    UNAVAILABLE);
            language = known;
        }
        return known;
    }

    public void invalidate() {
        generation.incrementAndGet();
    }

    private synchronized Snapshot reload() {
        long readIn = generation.get();
        SegmentLanguage lang = language();
        List<Entry> entries = new ArrayList<>();
        for (Segment segment : segments.all()) {
            SegmentLanguage.Compilation c = lang.compile(segment.getExpression());
            if (c.compiled() == null) {
                LOG.warnf("segment %s (revision %d) no longer compiles and is not evaluated: %s",
                        segment.getSegmentId(), segment.getRevision(), c.problems().get(0).describe());
            }
            entries.add(new Entry(segment, c.compiled()));
        }
        Snapshot snapshot = new Snapshot(lang, systems.all(), entries);
        current = new Loaded(snapshot, System.nanoTime(), readIn);
        return snapshot;
    }
}
