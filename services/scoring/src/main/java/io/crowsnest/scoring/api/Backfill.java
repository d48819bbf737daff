package io.crowsnest.scoring.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.scoring.store.MembershipStore;
import io.crowsnest.scoring.store.PersonRegistry;
import io.crowsnest.scoring.store.SegmentStore;
import io.crowsnest.scoring.v1.Segment;
import io.crowsnest.scoring.v1.SegmentEvaluationState;
import io.quarkus.runtime.StartupEvent;

/**
 * Evaluations without an event, in the background, one at a time: a new or changed segment
 * against the whole population (then LIVE), the members of an exclusive system whose rule
 * changed, and every person on the schedule of time-dependent segments. Backfills still pending
 * at start-up (a replica stopped mid-way) are resumed.
 */
@ApplicationScoped
public class Backfill {

    private static final Logger LOG = Logger.getLogger(Backfill.class);

    @Inject
    PersonRegistry registry;
    @Inject
    Segmenter segmenter;
    @Inject
    SegmentStore segments;
    @Inject
    MembershipStore memberships;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(Workers.named("scoring-backfill"));
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(
            Workers.named("scoring-reevaluation"));
    private final Map<String, Instant> lastScheduled = new ConcurrentHashMap<>();

    void start(@Observes StartupEvent event) {
        for (Segment s : segments.all()) {
            if (s.getEvaluationState() == SegmentEvaluationState.SEGMENT_EVALUATION_STATE_BACKFILLING) {
                segmentChanged(s.getSegmentId(), s.getRevision());
            }
        }
        clock.scheduleWithFixedDelay(this::dueReevaluations, 60, 60, TimeUnit.SECONDS);
    }

    /** Evaluates everyone against a new revision of a segment, then marks it LIVE. */
    public void segmentChanged(String segmentId, long revision) {
        worker.submit(() -> {
            walk(Trigger.definitionChanged(Set.of(segmentId)));
            Instant done = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            if (segments.markLive(segmentId, revision, done.toString())) {
                LOG.infof("segment %s revision %d is live", segmentId, revision);
            }
        });
    }

    /** Re-evaluates the members of a system's segments after its exclusive rule changed. */
    public void systemChanged(String systemId) {
        worker.submit(() -> {
            List<String> ids = segments.page(List.of(systemId), "", Integer.MAX_VALUE).stream()
                    .map(Segment::getSegmentId).toList();
            Set<String> persons = ids.stream().flatMap(id -> memberships.memberIds(id).stream())
                    .collect(Collectors.toSet());
            Trigger trigger = Trigger.definitionChanged(Set.copyOf(ids));
            persons.forEach(p -> segmenter.evaluate(p, trigger, Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        });
    }

    /** Every person evaluated once, in id order. */
    private void walk(Trigger trigger) {
        registry.forEach(personId -> {
            try {
                segmenter.evaluate(personId, trigger, Instant.now().truncatedTo(ChronoUnit.MILLIS));
            } catch (RuntimeException e) {
                LOG.warnf("evaluation of %s skipped: %s", personId, e.toString());
            }
        });
    }

    /** Time-dependent segments whose interval has passed: everyone is evaluated (cause SCHEDULE). */
    private void dueReevaluations() {
        Instant now = Instant.now();
        boolean due = false;
        for (Segment s : segments.all()) {
            long interval = s.getReevaluationIntervalSeconds();
            Instant last = lastScheduled.putIfAbsent(s.getSegmentId(), now);
            if (interval > 0 && last != null && !now.isBefore(last.plusSeconds(interval))) {
                lastScheduled.put(s.getSegmentId(), now);
                due = true;
            }
        }
        if (due) {
            worker.submit(() -> walk(Trigger.schedule()));
        }
    }

    @PreDestroy
    void stop() {
        clock.shutdownNow();
        worker.shutdownNow();
    }
}
