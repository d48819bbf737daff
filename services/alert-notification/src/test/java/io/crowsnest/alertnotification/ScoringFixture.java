package io.crowsnest.alertnotification;

import static io.crowsnest.alertnotification.Fixtures.unique;

import java.time.Duration;
import java.time.Instant;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.v1.ActivateScoringPlanVersionRequest;
import io.crowsnest.scoring.v1.EventCondition;
import io.crowsnest.scoring.v1.GetSegmentRequest;
import io.crowsnest.scoring.v1.ObserveEventRequest;
import io.crowsnest.scoring.v1.ScoreDefinition;
import io.crowsnest.scoring.v1.ScorePoints;
import io.crowsnest.scoring.v1.ScoringPlan;
import io.crowsnest.scoring.v1.ScoringRule;
import io.crowsnest.scoring.v1.ScoringServiceGrpc;
import io.crowsnest.scoring.v1.Segment;
import io.crowsnest.scoring.v1.SegmentEvaluationState;
import io.crowsnest.scoring.v1.SegmentationSystem;
import io.crowsnest.scoring.v1.UpsertScoringPlanRequest;
import io.crowsnest.scoring.v1.UpsertSegmentRequest;
import io.crowsnest.scoring.v1.UpsertSegmentationSystemRequest;
import io.grpc.ManagedChannel;

/** The real scoring of the tests: a plan with one score, a LIVE segment over it, observed events. */
public final class ScoringFixture implements AutoCloseable {

    public final ManagedChannel channel;
    public final ScoringServiceGrpc.ScoringServiceBlockingStub stub;

    public ScoringFixture(Neighbours.Address neighbours) {
        channel = Fixtures.plain(neighbours.scoring());
        stub = ScoringServiceGrpc.newBlockingStub(channel);
    }

    /** A plan giving {@code score} 10 points per event of {@code type}, and a segment "score >= 20"; returns it. */
    public String segment(String score, String type) throws InterruptedException {
        String planId = unique("plan-");
        stub.upsertScoringPlan(UpsertScoringPlanRequest.newBuilder().setPlan(ScoringPlan.newBuilder().setPlanId(planId)
                .setDisplayName("Intent").addScores(ScoreDefinition.newBuilder().setName(score).setMaxValue(100))
                .addRules(ScoringRule.newBuilder().setRuleId("r1").setDescription("mortgage simulation")
                        .setCondition(EventCondition.newBuilder().addEventTypes(type))
                        .addPoints(ScorePoints.newBuilder().setScoreName(score).setPoints(10))))
                .setActor("alerts-test").setChangeNote("test").setIdempotencyKey(unique("k")).build());
        stub.activateScoringPlanVersion(ActivateScoringPlanVersionRequest.newBuilder().setPlanId(planId).setVersion(1)
                .setActor("alerts-test").setIdempotencyKey(unique("k")).build());
        String system = unique("sys-");
        stub.upsertSegmentationSystem(UpsertSegmentationSystemRequest.newBuilder().setSystem(SegmentationSystem
                .newBuilder().setSystemId(system).setDisplayName("Leads")).setActor("alerts-test")
                .setIdempotencyKey(unique("k")).build());
        String segment = unique("hot-");
        stub.upsertSegment(UpsertSegmentRequest.newBuilder().setSegment(Segment.newBuilder().setSegmentId(segment)
                .setSystemId(system).setDisplayName("Hot leads").setExpression("scores." + score + " >= 20.0"))
                .setActor("alerts-test").setIdempotencyKey(unique("k")).build());
        Await.until(Duration.ofSeconds(30), () -> stub.getSegment(GetSegmentRequest.newBuilder()
                .setSegmentId(segment).build()).getSize().getEvaluationState() == SegmentEvaluationState
                        .SEGMENT_EVALUATION_STATE_LIVE, "segment " + segment + " LIVE");
        return segment;
    }

    /** One observed event of a type for a person. */
    public void observe(String personId, String type) {
        stub.observeEvent(ObserveEventRequest.newBuilder().setEventId(unique("evt-")).setPersonId(personId)
                .setEventType(type).setChannel(Channel.CHANNEL_WEB).setOccurredAt(Timestamps.of(Instant.now()))
                .setSource("web-analytics").build());
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
