package io.crowsnest.scoring;

import static io.crowsnest.scoring.Scoring.error;
import static io.crowsnest.scoring.Scoring.event;
import static io.crowsnest.scoring.Scoring.plan;
import static io.crowsnest.scoring.Scoring.reason;
import static io.crowsnest.scoring.Scoring.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import io.crowsnest.scoring.v1.GetSegmentRequest;
import io.crowsnest.scoring.v1.ObserveEventResponse;
import io.crowsnest.scoring.v1.SegmentStoppedEvaluations;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * User-written segments cannot stall the event path, through real gRPC on an installation whose
 * bounds are small: a segment that loops past them is stopped on every event — the event is still
 * scored and acknowledged, the person does not enter, and each stop is counted on the segment
 * (GetSegment) and in a metric — and segments beyond the configured number are refused.
 */
@QuarkusTest
@TestProfile(BoundedSegmentsTest.Bounded.class)
class BoundedSegmentsTest extends WithScoringClient {

    /** The behaviour tests' stores, with at most 2 segments and 100 loop iterations per evaluation. */
    public static class Bounded extends Stores {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("crowsnest.scoring.max-segments", "2", "crowsnest.scoring.expressions.max-iterations", "100");
        }
    }

    private static final String LIST = IntStream.rangeClosed(1, 20).mapToObj(Integer::toString)
            .collect(Collectors.joining(",", "[", "]"));

    @Inject
    MeterRegistry registry;

    private SegmentStoppedEvaluations stops(String segmentId) {
        return scoring.stub.getSegment(GetSegmentRequest.newBuilder().setSegmentId(segmentId).build())
                .getStoppedEvaluations();
    }

    private double stoppedMetric() {
        Counter counter = registry.find("crowsnest.scoring.segment.stopped").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aSegmentThatLoopsPastItsBoundIsStoppedWhileEventsAreStillScoredAndTheSegmentCountIsCapped()
            throws InterruptedException {
        String score = unique("s");
        String type = unique("t");
        scoring.activePlan(plan(unique("p-"), score, type));
        String system = unique("sys-");
        scoring.system(system, false);
        // 20 x 20 + 20 = 420 iterations: true under the default bound, over this installation's 100
        String heavy = unique("seg-");
        scoring.liveSegment(heavy, system, LIST + ".all(a, " + LIST + ".all(b, a + b > 0)) && scores." + score + " >= 0");
        String light = unique("seg-");
        scoring.liveSegment(light, system, "scores." + score + " >= 10");

        double metricBefore = stoppedMetric();
        long before = stops(heavy).getCount(); // the backfill of the population that other tests left
        String person = unique("person-");
        ObserveEventResponse scored = scoring.observe(event(person, type, Instant.now()));
        assertFalse(scored.getDuplicate());
        assertTrue(scored.getTransitionsList().stream().anyMatch(t -> t.getSegmentId().equals(light)),
                "the event was scored and the other segment evaluated: " + scored.getTransitionsList());
        assertTrue(scored.getTransitionsList().stream().noneMatch(t -> t.getSegmentId().equals(heavy)),
                "the looping segment was stopped, so the person did not enter it");
        scoring.observe(event(unique("person-"), type, Instant.now()));
        SegmentStoppedEvaluations stopped = stops(heavy);
        assertEquals(before + 2, stopped.getCount(), "each stopped evaluation is counted on the segment: " + stopped);
        assertTrue(stopped.getLastReason().contains("100"), "the bound named: " + stopped.getLastReason());
        assertTrue(stopped.hasLastStoppedAt());
        assertEquals(SegmentStoppedEvaluations.getDefaultInstance(), stops(light), "the other segment ran");
        assertEquals(metricBefore + 2, stoppedMetric(), "and in the metric crowsnest.scoring.segment.stopped");

        StatusRuntimeException third = error(() -> scoring.upsertSegment(unique("seg-"), system, 3, "true"));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, third.getStatus().getCode(), third.getStatus().toString());
        assertEquals("SEGMENT_LIMIT_REACHED", reason(third));
        // changing an existing segment is not adding one
        scoring.stub.upsertSegment(Scoring.segment(light, system, 1, "scores." + score + " >= 20").toBuilder()
                .setExpectedRevision(1).build());
    }
}
