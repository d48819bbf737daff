package io.crowsnest.scoring.jobs;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.scoring.service.Segmenter;
import io.crowsnest.scoring.service.Trigger;
import io.crowsnest.scoring.store.MembershipStore;
import io.crowsnest.scoring.store.PersonRegistry;
import io.crowsnest.scoring.store.SegmentStore;
import io.quarkus.runtime.StartupEvent;

/**
 * Evaluations without an event, in the background, one at a time on one worker thread: a new or
 * changed segment against the whole population (then LIVE), the members of an exclusive system
 * whose rule changed, and the population walks the re-evaluation schedule asks for. Backfills still
 * pending at start-up (a replica stopped mid-way) are resumed.
 */
@ApplicationScoped
public class SegmentBackfill {

    private static final Logger LOG = Logger.getLogger(SegmentBackfill.class);

    @Inject
    PersonRegistry registry;
    @Inject
    Segmenter segmenter;
    @Inject
    SegmentStore segments;
    @Inject
    MembershipStore memberships;
    @Inject
    Clock clock;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            BackgroundThreads.named("scoring-backfill"));

    void start(@Observes StartupEvent event) {
        for (SegmentStore.Head s : segments.heads()) {
            if (s.backfilling()) {
                segmentChanged(s.segmentId(), s.revision());
            }
        }
    }

    /** Evaluates everyone against a new revision of a segment, then marks it LIVE. */
    public void segmentChanged(String segmentId, long revision) {
        worker.submit(() -> {
            walk(Trigger.definitionChanged(Set.of(segmentId)));
            Instant done = now();
            if (segments.markLive(segmentId, revision, done.toString())) {
                LOG.infof("segment %s revision %d is live", segmentId, revision);
            }
        });
    }

    /** Re-evaluates the members of a system's segments after its exclusive rule changed. */
    public void systemChanged(String systemId) {
        worker.submit(() -> {
            List<String> ids = segments.idsIn(systemId);
            Set<String> persons = ids.stream().flatMap(id -> memberships.memberIds(id).stream())
                    .collect(Collectors.toSet());
            Trigger trigger = Trigger.definitionChanged(Set.copyOf(ids));
            persons.forEach(p -> segmenter.evaluate(p, trigger, now()));
        });
    }

    /** Evaluates everyone once more (cause SCHEDULE), after the walks already queued. */
    public void reevaluateEveryone() {
        worker.submit(() -> walk(Trigger.schedule()));
    }

    /** Every person evaluated once, in id order. */
    private void walk(Trigger trigger) {
        registry.forEach(personId -> {
            try {
                segmenter.evaluate(personId, trigger, now());
            } catch (RuntimeException e) {
                LOG.warnf("evaluation of %s skipped: %s", personId, e.toString());
            }
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
