package io.crowsnest.scoring;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.localstack.testing.GrpcErrorDetails;
import io.crowsnest.localstack.testing.GrpcProbe;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.v1.ActivateScoringPlanVersionRequest;
import io.crowsnest.scoring.v1.ActivateScoringPlanVersionResponse;
import io.crowsnest.scoring.v1.EventCondition;
import io.crowsnest.scoring.v1.GetSegmentRequest;
import io.crowsnest.scoring.v1.ObserveEventRequest;
import io.crowsnest.scoring.v1.ObserveEventResponse;
import io.crowsnest.scoring.v1.ScoreDefinition;
import io.crowsnest.scoring.v1.ScorePoints;
import io.crowsnest.scoring.v1.ScoringPlan;
import io.crowsnest.scoring.v1.ScoringPlanVersion;
import io.crowsnest.scoring.v1.ScoringRule;
import io.crowsnest.scoring.v1.ScoringServiceGrpc.ScoringServiceBlockingStub;
import io.crowsnest.scoring.v1.ScoringServiceGrpc;
import io.crowsnest.scoring.v1.Segment;
import io.crowsnest.scoring.v1.SegmentEvaluationState;
import io.crowsnest.scoring.v1.SegmentationSystem;
import io.crowsnest.scoring.v1.UpsertScoringPlanRequest;
import io.crowsnest.scoring.v1.UpsertSegmentRequest;
import io.crowsnest.scoring.v1.UpsertSegmentationSystemRequest;
import io.grpc.StatusRuntimeException;

/**
 * A real gRPC client of the scoring service under test, with request builders. Tests share one
 * application and its stores, so every plan, score, event type and person is named uniquely.
 */
final class Scoring implements AutoCloseable {

    private final GrpcProbe probe = new GrpcProbe("localhost",
            ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class));
    final io.grpc.Channel channel = probe.channel();
    final ScoringServiceBlockingStub stub = ScoringServiceGrpc.newBlockingStub(channel);

    @Override
    public void close() {
        probe.close();
    }

    static String key() {
        return UUID.randomUUID().toString();
    }

    /** A name no other test uses: the prefix and 10 hex digits (valid as plan id, score name, event type). */
    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    static ScoreDefinition score(String name, long halfLifeSeconds, double min, double max) {
        return ScoreDefinition.newBuilder().setName(name).setHalfLifeSeconds(halfLifeSeconds).setMinValue(min)
                .setMaxValue(max).build();
    }

    static ScoringRule rule(String ruleId, EventCondition condition, String score, double points) {
        return ScoringRule.newBuilder().setRuleId(ruleId).setDescription("rule " + ruleId).setCondition(condition)
                .addPoints(ScorePoints.newBuilder().setScoreName(score).setPoints(points)).build();
    }

    static EventCondition ofType(String type) {
        return EventCondition.newBuilder().addEventTypes(type).build();
    }

    /** A plan with one score (no decay, 0 to 100) and one rule awarding 10 points on events of a type. */
    static ScoringPlan plan(String planId, String score, String eventType) {
        return ScoringPlan.newBuilder().setPlanId(planId).setDisplayName("Plan " + planId)
                .addScores(score(score, 0, 0, 100)).addRules(rule("r1", ofType(eventType), score, 10)).build();
    }

    static UpsertScoringPlanRequest upsert(ScoringPlan plan, long base) {
        return UpsertScoringPlanRequest.newBuilder().setPlan(plan).setBaseVersion(base).setActor("jane.admin")
                .setChangeNote("test").setIdempotencyKey(key()).build();
    }

    ScoringPlanVersion write(ScoringPlan plan, long base) {
        return stub.upsertScoringPlan(upsert(plan, base)).getPlanVersion();
    }

    static ActivateScoringPlanVersionRequest activation(String planId, long version) {
        return ActivateScoringPlanVersionRequest.newBuilder().setPlanId(planId).setVersion(version)
                .setActor("jane.admin").setIdempotencyKey(key()).build();
    }

    ActivateScoringPlanVersionResponse activate(String planId, long version) {
        return stub.activateScoringPlanVersion(activation(planId, version));
    }

    /** Writes a plan and activates it from now. */
    void activePlan(ScoringPlan plan) {
        write(plan, 0);
        activate(plan.getPlanId(), 1);
    }

    SegmentationSystem system(String systemId, boolean exclusive) {
        return stub.upsertSegmentationSystem(UpsertSegmentationSystemRequest.newBuilder()
                .setSystem(SegmentationSystem.newBuilder().setSystemId(systemId).setDisplayName("System " + systemId)
                        .setExclusive(exclusive))
                .setActor("jane.admin").setIdempotencyKey(key()).build()).getSystem();
    }

    static UpsertSegmentRequest segment(String segmentId, String systemId, int priority, String expression) {
        return UpsertSegmentRequest.newBuilder().setSegment(Segment.newBuilder().setSegmentId(segmentId)
                .setSystemId(systemId).setDisplayName("Segment " + segmentId).setPriority(priority)
                .setExpression(expression)).setActor("jane.admin").setIdempotencyKey(key()).build();
    }

    Segment upsertSegment(String segmentId, String systemId, int priority, String expression) {
        return stub.upsertSegment(segment(segmentId, systemId, priority, expression)).getSegment();
    }

    /**
     * A fresh active plan (one score, 10 points per event of a fresh type) and a LIVE segment
     * "score >= threshold" in a fresh non-exclusive system; returns {score, type, system, segment}.
     */
    String[] scoredSegment(double threshold) throws InterruptedException {
        String[] names = {unique("s"), unique("t"), unique("sys-"), unique("seg-")};
        activePlan(plan(unique("p-"), names[0], names[1]));
        system(names[2], false);
        liveSegment(names[3], names[2], "scores." + names[0] + " >= " + threshold);
        return names;
    }

    /** Creates a segment (priority 1) and waits until the population was evaluated against it (LIVE). */
    void liveSegment(String segmentId, String systemId, String expression) throws InterruptedException {
        upsertSegment(segmentId, systemId, 1, expression);
        Await.until(java.time.Duration.ofSeconds(30), () -> stub.getSegment(GetSegmentRequest.newBuilder()
                .setSegmentId(segmentId).build()).getSize().getEvaluationState() == SegmentEvaluationState
                        .SEGMENT_EVALUATION_STATE_LIVE, "segment " + segmentId + " LIVE");
    }

    static ObserveEventRequest event(String personId, String type, Instant at) {
        return ObserveEventRequest.newBuilder().setEventId(unique("evt-")).setPersonId(personId).setEventType(type)
                .setChannel(Channel.CHANNEL_WEB).setOccurredAt(Timestamps.of(at)).setSource("web-analytics").build();
    }

    ObserveEventResponse observe(ObserveEventRequest request) {
        return stub.observeEvent(request);
    }

    static StatusRuntimeException error(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run);
    }

    static String reason(StatusRuntimeException e) {
        return GrpcErrorDetails.reason(e);
    }

    static List<String> fields(StatusRuntimeException e) {
        return GrpcErrorDetails.fields(e);
    }
}
