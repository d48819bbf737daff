package io.crowsnest.scoring.service;

import java.time.Instant;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.scoring.domain.EvaluationStops;
import io.crowsnest.scoring.domain.SegmentDefinition;
import io.crowsnest.scoring.store.StoppedEvaluations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Makes the bounds on segment expressions visible: every evaluation a bound stopped is counted per
 * segment revision (shown by GetSegment) and in the metric
 * {@code crowsnest.scoring.segment.stopped} (evaluations), and logged once per segment revision.
 */
@ApplicationScoped
public class EvaluationBounds {

    private static final Logger LOG = Logger.getLogger(EvaluationBounds.class);

    @Inject
    StoppedEvaluations store;
    @Inject
    MeterRegistry registry;

    private Counter stoppedCounter;

    @PostConstruct
    void init() {
        stoppedCounter = Counter.builder("crowsnest.scoring.segment.stopped")
                .description("Segment evaluations stopped by a bound on the expression (loop iterations, time "
                        + "budget) and counted as not matched")
                .baseUnit("evaluations").register(registry);
    }

    /** Records the stopped evaluations of one person's evaluation. */
    void record(Map<SegmentDefinition, String> stopped, Instant at) {
        stopped.forEach((segment, reason) -> {
            stoppedCounter.increment();
            store.record(segment.segmentId(), segment.revision(), at, reason);
            if (store.of(segment.segmentId(), segment.revision()).count() == 1) {
                LOG.warnf("segment %s (revision %d) was stopped by a bound and counts as not matched: %s",
                        segment.segmentId(), segment.revision(), reason);
            }
        });
    }

    /** The stopped evaluations of the segment's current revision. */
    public EvaluationStops of(SegmentDefinition segment) {
        return store.of(segment.segmentId(), segment.revision());
    }

    /** Forgets the stops of a deleted segment. */
    void deleted(String segmentId) {
        store.delete(segmentId);
    }
}
