package io.crowsnest.scoring.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.crowsnest.platform.jobs.Periodic;
import io.crowsnest.scoring.store.SegmentStore;
import io.quarkus.runtime.StartupEvent;

/**
 * The re-evaluation schedule of time-dependent segments: every minute, when some segment's
 * re-evaluation interval has passed since this replica last walked for it, everyone is evaluated
 * once more (cause SCHEDULE) by the backfill worker.
 */
@ApplicationScoped
public class ScheduledReevaluation {

    /** How often the schedule is looked at. */
    static final Duration TICK = Duration.ofSeconds(60);

    @Inject
    SegmentStore segments;
    @Inject
    SegmentBackfill backfill;
    @Inject
    Clock clock;

    private final Map<String, Instant> lastScheduled = new ConcurrentHashMap<>();
    private Periodic job;

    void start(@Observes StartupEvent event) {
        job = Periodic.every("scoring-reevaluation", TICK, this::dueReevaluations);
    }

    /** Time-dependent segments whose interval has passed: everyone is evaluated (cause SCHEDULE). */
    void dueReevaluations() {
        Instant now = clock.instant();
        boolean due = false;
        for (SegmentStore.Head s : segments.heads()) {
            long interval = s.reevaluationIntervalSeconds();
            Instant last = lastScheduled.putIfAbsent(s.segmentId(), now);
            if (interval > 0 && last != null && !now.isBefore(last.plusSeconds(interval))) {
                lastScheduled.put(s.segmentId(), now);
                due = true;
            }
        }
        if (due) {
            backfill.reevaluateEveryone();
        }
    }

    @PreDestroy
    void stop() {
        Periodic.stop(job);
    }
}
