package io.crowsnest.scoring;

import static io.crowsnest.scoring.Scoring.error;
import static io.crowsnest.scoring.Scoring.event;
import static io.crowsnest.scoring.Scoring.fields;
import static io.crowsnest.scoring.Scoring.key;
import static io.crowsnest.scoring.Scoring.plan;
import static io.crowsnest.scoring.Scoring.reason;
import static io.crowsnest.scoring.Scoring.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;

import io.crowsnest.common.v1.PageRequest;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.v1.DeleteSegmentRequest;
import io.crowsnest.scoring.v1.DeleteSegmentResponse;
import io.crowsnest.scoring.v1.DeleteSegmentationSystemRequest;
import io.crowsnest.scoring.v1.GetScoresRequest;
import io.crowsnest.scoring.v1.GetSegmentRequest;
import io.crowsnest.scoring.v1.GetSegmentResponse;
import io.crowsnest.scoring.v1.ListSegmentationSystemsRequest;
import io.crowsnest.scoring.v1.ListSegmentsRequest;
import io.crowsnest.scoring.v1.ListSegmentsResponse;
import io.crowsnest.scoring.v1.ObserveEventRequest;
import io.crowsnest.scoring.v1.ObserveEventResponse;
import io.crowsnest.scoring.v1.Segment;
import io.crowsnest.scoring.v1.SegmentEvaluationState;
import io.crowsnest.scoring.v1.SegmentMembership;
import io.crowsnest.scoring.v1.SegmentTransition;
import io.crowsnest.scoring.v1.SegmentTransitionType;
import io.crowsnest.scoring.v1.SegmentationSystem;
import io.crowsnest.scoring.v1.SystemMemberships;
import io.crowsnest.scoring.v1.TransitionCause;
import io.crowsnest.scoring.v1.UpsertSegmentRequest;
import io.crowsnest.scoring.v1.UpsertSegmentResponse;
import io.crowsnest.scoring.v1.UpsertSegmentationSystemRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Segmentation systems, segments in CEL and memberships re-evaluated on every event, through real gRPC. */
@QuarkusTest
@TestProfile(Stores.class)
class SegmentTest extends WithScoringClient {

    /** A plan awarding 10 points on a fresh score per event of a fresh type: [score, type]. */
    private String[] freshPlan() {
        String score = unique("s");
        String type = unique("t");
        scoring.activePlan(plan(unique("p-"), score, type));
        return new String[] {score, type};
    }

    private static List<SegmentTransition> of(ObserveEventResponse r, String... segmentIds) {
        return r.getTransitionsList().stream().filter(t -> List.of(segmentIds).contains(t.getSegmentId())).toList();
    }

    private GetSegmentResponse segment(String segmentId) {
        return scoring.stub.getSegment(GetSegmentRequest.newBuilder().setSegmentId(segmentId).build());
    }

    private void awaitLive(String segmentId) {
        Await.until(Duration.ofSeconds(30), () -> segment(segmentId).getSize().getEvaluationState()
                == SegmentEvaluationState.SEGMENT_EVALUATION_STATE_LIVE, "segment " + segmentId + " LIVE");
    }

    /** Two live segments on a score: the first (priority 1) from a higher threshold, the second (priority 2) lower. */
    private void ranked(String system, String score, String first, double from, String second, double to)
            throws InterruptedException {
        scoring.upsertSegment(first, system, 1, "scores." + score + " >= " + from);
        scoring.upsertSegment(second, system, 2, "scores." + score + " >= " + to);
        awaitLive(first);
        awaitLive(second);
    }

    @Test
    void anExpressionThatDoesNotCompileIsRefusedWithItsPositionAndNothingIsStored() {
        String[] p = freshPlan();
        String system = unique("sys-");
        scoring.system(system, false);
        String id = unique("seg-");
        StatusRuntimeException unknown = error(() -> scoring.upsertSegment(id, system, 0,
                "scores.purchase_intnet >= 60.0"));
        assertEquals(Status.Code.INVALID_ARGUMENT, unknown.getStatus().getCode());
        assertEquals("SEGMENT_EXPRESSION_INVALID", reason(unknown));
        assertEquals(List.of("segment.expression"), fields(unknown));
        String description = descriptions(unknown).get(0);
        assertTrue(description.startsWith("1:8: unknown score 'purchase_intnet'"), description);
        ErrorInfo info = info(unknown);
        assertEquals("1", info.getMetadataOrThrow("line"));
        assertEquals("8", info.getMetadataOrThrow("column"));
        assertEquals("7", info.getMetadataOrThrow("offset"));

        StatusRuntimeException syntax = error(() -> scoring.upsertSegment(id, system, 0, "scores." + p[0] + " >="));
        assertEquals("SEGMENT_EXPRESSION_INVALID", reason(syntax));
        StatusRuntimeException field = error(() -> scoring.upsertSegment(id, system, 0,
                "features.purchase_cnt > 1 &&\n  nope"));
        assertEquals(List.of("segment.expression", "segment.expression"), fields(field));
        assertEquals(List.of("1:10: undefined field 'purchase_cnt'", "2:3: undeclared reference to 'nope'"),
                descriptions(field));
        assertEquals("9", info(field).getMetadataOrThrow("offset"));
        StatusRuntimeException missing = error(() -> scoring.upsertSegment(id, unique("sys-"), 0, "true"));
        assertEquals("SYSTEM_NOT_FOUND", reason(missing));
        assertEquals(Status.Code.NOT_FOUND, error(() -> segment(id)).getStatus().getCode());
    }

    @Test
    void valueScoresAndProfileAttributesAreReadable() {
        String system = unique("sys-");
        scoring.system(system, false);
        UpsertSegmentResponse value = scoring.stub.upsertSegment(Scoring.segment(unique("seg-"), system, 0,
                "has(value.profitability) && value.profitability.tier_id == 'high'").toBuilder().setValidateOnly(true)
                .build());
        assertEquals(List.of("value.profitability", "value.profitability.tier_id"),
                value.getReferencedVariablesList());
        UpsertSegmentResponse attributes = scoring.stub.upsertSegment(Scoring.segment(unique("seg-"), system, 0,
                "attributes.country == 'FR'"));
        assertEquals(List.of("attributes.country"), attributes.getReferencedVariablesList());
    }

    @Test
    void validateOnlyChecksAndDescribesWithoutStoring() {
        String[] p = freshPlan();
        String system = unique("sys-");
        scoring.system(system, false);
        String id = unique("seg-");
        UpsertSegmentResponse checked = scoring.stub.upsertSegment(Scoring.segment(id, system, 0,
                "scores." + p[0] + " >= 60 && now - features.last_event_at < duration('24h')").toBuilder()
                .setValidateOnly(true).setIdempotencyKey("").build());
        assertEquals(List.of("features.last_event_at", "now", "scores." + p[0]), checked.getReferencedVariablesList());
        assertTrue(checked.getTimeDependent());
        assertEquals(3600, checked.getSegment().getReevaluationIntervalSeconds());
        assertEquals(SegmentEvaluationState.SEGMENT_EVALUATION_STATE_BACKFILLING,
                checked.getSegment().getEvaluationState());
        assertEquals(Status.Code.NOT_FOUND, error(() -> segment(id)).getStatus().getCode());
    }

    @Test
    void crossingAThresholdEntersTheSegmentOnTheEventWithItsReason() throws Exception {
        String[] p = freshPlan();
        String system = unique("sys-");
        scoring.system(system, false);
        String lead = unique("seg-");
        Segment created = scoring.upsertSegment(lead, system, 0, "scores." + p[0] + " >= 20.0");
        assertEquals(1, created.getRevision());
        awaitLive(lead);
        String person = unique("person-");
        assertEquals(List.of(), of(scoring.observe(event(person, p[1], Instant.now())), lead));
        ObserveEventRequest crossing = event(person, p[1], Instant.now());
        ObserveEventResponse second = scoring.observe(crossing);
        List<SegmentTransition> entered = of(second, lead);
        ObserveEventResponse redelivered = scoring.observe(crossing);
        assertTrue(redelivered.getDuplicate());
        assertEquals(second.getTransitionsList(), redelivered.getTransitionsList());
        assertEquals(1, entered.size());
        SegmentTransition t = entered.get(0);
        assertEquals(SegmentTransitionType.SEGMENT_TRANSITION_TYPE_ENTERED, t.getType());
        assertEquals(TransitionCause.TRANSITION_CAUSE_EVENT, t.getCause());
        assertEquals(person, t.getPersonId());
        assertEquals(system, t.getSystemId());
        assertTrue(t.getOffset() > 0);
        assertEquals("SEGMENT_MATCHED", t.getReason().getCode());
        assertEquals("20", t.getReason().getFiguresOrThrow("scores." + p[0]));

        SystemMemberships memberships = scoring.stub.getScores(GetScoresRequest.newBuilder()
                .setPerson(PersonRef.newBuilder().setPersonId(person)).build()).getScores().getMembershipsList()
                .stream().filter(m -> m.getSystemId().equals(system)).findFirst().orElseThrow();
        SegmentMembership m = memberships.getSegments(0);
        assertEquals(lead, m.getSegmentId());
        assertEquals("Segment " + lead, m.getDisplayName());
        assertEquals(t.getOffset(), m.getEnteredOffset());
        assertEquals(20, m.getExplanation().getInputsOrThrow("scores." + p[0]).getNumberValue(), 1e-9);
        assertEquals(1, segment(lead).getSize().getMemberCount());
        assertEquals(List.of(), of(scoring.observe(event(person, p[1], Instant.now())), lead));

        // still a member: the explanation is the one of the latest evaluation, not of the entry
        SegmentMembership now = scoring.stub.getScores(GetScoresRequest.newBuilder()
                .setPerson(PersonRef.newBuilder().setPersonId(person)).build()).getScores().getMembershipsList()
                .stream().filter(s -> s.getSystemId().equals(system)).findFirst().orElseThrow().getSegments(0);
        assertEquals(t.getOffset(), now.getEnteredOffset());
        assertEquals(30, now.getExplanation().getInputsOrThrow("scores." + p[0]).getNumberValue(), 1e-3);
        assertTrue(now.getExplanation().getReason().getMessage().contains("scores." + p[0] + " = 30"),
                now.getExplanation().getReason().getMessage());
        assertFalse(Timestamps.instant(now.getExplanation().getEvaluatedAt())
                .isBefore(Timestamps.instant(m.getExplanation().getEvaluatedAt())));
        assertEquals(created.getExpression(), now.getExplanation().getExpression());
    }

    @Test
    void aSegmentOverRecentEventsAndSessionsEntersOnTheEventThatCompletesIt() throws Exception {
        String[] p = freshPlan();
        String system = unique("sys-");
        scoring.system(system, false);
        String frequent = unique("seg-");
        scoring.upsertSegment(frequent, system, 0, "features.frequency.exists(f, f.event_type == '" + p[1]
                + "' && f.count >= 3) && features.sessions_last_30_days >= 1");
        awaitLive(frequent);
        String person = unique("person-");
        for (int i = 0; i < 2; i++) {
            assertEquals(List.of(), of(scoring.observe(event(person, p[1], Instant.now()).toBuilder()
                    .setSessionId("visit-1").build()), frequent));
        }
        List<SegmentTransition> entered = of(scoring.observe(event(person, p[1], Instant.now()).toBuilder()
                .setSessionId("visit-1").build()), frequent);
        assertEquals(1, entered.size());
        assertEquals(SegmentTransitionType.SEGMENT_TRANSITION_TYPE_ENTERED, entered.get(0).getType());
        assertEquals("1", entered.get(0).getReason().getFiguresOrThrow("features.sessions_last_30_days"));
    }

    @Test
    void anExclusiveSystemMovesAPersonWithLeftThenEnteredOnConsecutiveOffsets() throws Exception {
        String[] p = freshPlan();
        String system = unique("sys-");
        scoring.system(system, true);
        String gold = unique("gold-");
        String silver = unique("silver-");
        ranked(system, p[0], gold, 30, silver, 10);
        String person = unique("person-");
        assertEquals(SegmentTransitionType.SEGMENT_TRANSITION_TYPE_ENTERED,
                of(scoring.observe(event(person, p[1], Instant.now())), gold, silver).get(0).getType());
        scoring.observe(event(person, p[1], Instant.now()));
        List<SegmentTransition> move = of(scoring.observe(event(person, p[1], Instant.now())), gold, silver);
        assertEquals(2, move.size());
        assertEquals(SegmentTransitionType.SEGMENT_TRANSITION_TYPE_LEFT, move.get(0).getType());
        assertEquals(silver, move.get(0).getSegmentId());
        assertEquals(gold, move.get(0).getOtherSegmentId());
        assertEquals("SEGMENT_OUTRANKED", move.get(0).getReason().getCode());
        assertEquals(SegmentTransitionType.SEGMENT_TRANSITION_TYPE_ENTERED, move.get(1).getType());
        assertEquals(gold, move.get(1).getSegmentId());
        assertEquals(silver, move.get(1).getOtherSegmentId());
        assertEquals(move.get(0).getOffset() + 1, move.get(1).getOffset());
        SystemMemberships now = scoring.stub.getScores(GetScoresRequest.newBuilder()
                .setPerson(PersonRef.newBuilder().setPersonId(person)).build()).getScores().getMembershipsList()
                .stream().filter(m -> m.getSystemId().equals(system)).findFirst().orElseThrow();
        assertTrue(now.getExclusive());
        assertEquals(List.of(gold), now.getSegmentsList().stream().map(SegmentMembership::getSegmentId).toList());
        assertEquals(List.of(silver), now.getSegments(0).getExplanation().getOutrankedSegmentIdsList());
    }

    @Test
    void makingASystemExclusiveKeepsEachMemberInItsBestRankedSegmentOnly() throws Exception {
        String[] p = freshPlan();
        String system = unique("sys-");
        long revision = scoring.system(system, false).getRevision();
        String high = unique("high-");
        String low = unique("low-");
        ranked(system, p[0], high, 10, low, 5);
        String person = unique("person-");
        assertEquals(2, of(scoring.observe(event(person, p[1], Instant.now())), high, low).size());
        scoring.stub.upsertSegmentationSystem(UpsertSegmentationSystemRequest.newBuilder()
                .setSystem(SegmentationSystem.newBuilder().setSystemId(system).setDisplayName("Now exclusive")
                        .setExclusive(true))
                .setExpectedRevision(revision).setActor("jane.admin").setIdempotencyKey(key()).build());
        Await.until(Duration.ofSeconds(30), () -> segment(low).getSize().getMemberCount() == 0,
                "the lower-ranked membership left");
        assertEquals(1, segment(high).getSize().getMemberCount());
    }

    @Test
    void aNewSegmentIsBackfilledOverPersonsSeenBeforeAndThenLive() throws Exception {
        String[] p = freshPlan();
        String person = unique("person-");
        scoring.observe(event(person, p[1], Instant.now()));
        String system = unique("sys-");
        scoring.system(system, false);
        String seen = unique("seg-");
        scoring.upsertSegment(seen, system, 0, "scores." + p[0] + " > 5.0");
        awaitLive(seen);
        GetSegmentResponse live = segment(seen);
        assertEquals(1, live.getSize().getMemberCount());
        assertTrue(live.getSegment().hasEvaluatedAt());
        assertTrue(live.getSize().getShare() > 0);
    }

    @Test
    void deletingASegmentLeavesItsMembersAndASystemOnlyGoesWhenEmpty() throws Exception {
        String[] p = freshPlan();
        String system = unique("sys-");
        scoring.system(system, false);
        String seg = unique("seg-");
        scoring.upsertSegment(seg, system, 0, "scores." + p[0] + " >= 10.0");
        awaitLive(seg);
        scoring.observe(event(unique("person-"), p[1], Instant.now()));
        scoring.observe(event(unique("person-"), p[1], Instant.now()));
        StatusRuntimeException notEmpty = error(() -> scoring.stub.deleteSegmentationSystem(
                DeleteSegmentationSystemRequest.newBuilder().setSystemId(system).setActor("jane.admin")
                        .setIdempotencyKey(key()).build()));
        assertEquals("SYSTEM_NOT_EMPTY", reason(notEmpty));
        assertEquals(1, scoring.stub.listSegmentationSystems(ListSegmentationSystemsRequest.getDefaultInstance())
                .getSystemsList().stream().filter(s -> s.getSystem().getSystemId().equals(system)).findFirst()
                .orElseThrow().getSegmentCount());
        StatusRuntimeException stale = error(() -> scoring.stub.deleteSegment(DeleteSegmentRequest.newBuilder()
                .setSegmentId(seg).setExpectedRevision(9).setActor("jane.admin").setIdempotencyKey(key()).build()));
        assertEquals("SEGMENT_REVISION_CONFLICT", reason(stale));
        DeleteSegmentResponse deleted = scoring.stub.deleteSegment(DeleteSegmentRequest.newBuilder()
                .setSegmentId(seg).setActor("jane.admin").setIdempotencyKey(key()).build());
        assertEquals(2, deleted.getMembersRemovedCount());
        assertEquals("SEGMENT_NOT_FOUND", reason(error(() -> segment(seg))));
        scoring.stub.deleteSegmentationSystem(DeleteSegmentationSystemRequest.newBuilder().setSystemId(system)
                .setActor("jane.admin").setIdempotencyKey(key()).build());
        assertFalse(scoring.stub.listSegmentationSystems(ListSegmentationSystemsRequest.getDefaultInstance())
                .getSystemsList().stream().anyMatch(s -> s.getSystem().getSystemId().equals(system)));
    }

    @Test
    void revisionsGuardSystemsAndSegmentsAndSegmentsAreListedBySystemPriorityAndId() {
        String system = unique("sys-");
        assertEquals(1, scoring.system(system, false).getRevision());
        StatusRuntimeException exists = error(() -> scoring.system(system, false));
        assertEquals("SYSTEM_REVISION_CONFLICT", reason(exists));
        String other = unique("sys-");
        scoring.system(other, false);
        scoring.upsertSegment("b-" + system, system, 2, "true");
        scoring.upsertSegment("a-" + system, system, 2, "true");
        scoring.upsertSegment("c-" + system, system, 1, "true");
        StatusRuntimeException again = error(() -> scoring.upsertSegment("a-" + system, system, 0, "true"));
        assertEquals("SEGMENT_REVISION_CONFLICT", reason(again));
        UpsertSegmentRequest move = Scoring.segment("a-" + system, other, 0, "true").toBuilder()
                .setExpectedRevision(1).build();
        assertEquals("SEGMENT_SYSTEM_CHANGE", reason(error(() -> scoring.stub.upsertSegment(move))));
        ListSegmentsRequest list = ListSegmentsRequest.newBuilder().addSystemIds(system)
                .setPage(PageRequest.newBuilder().setPageSize(2)).build();
        ListSegmentsResponse first = scoring.stub.listSegments(list);
        assertEquals(List.of("c-" + system, "a-" + system), first.getSegmentsList().stream()
                .map(Segment::getSegmentId).toList());
        ListSegmentsResponse second = scoring.stub.listSegments(list.toBuilder().setPage(list.getPage().toBuilder()
                .setPageToken(first.getPage().getNextPageToken())).build());
        assertEquals(List.of("b-" + system), second.getSegmentsList().stream().map(Segment::getSegmentId).toList());
        StatusRuntimeException foreign = error(() -> scoring.stub.listSegments(ListSegmentsRequest.newBuilder()
                .addSystemIds(other).setPage(PageRequest.newBuilder().setPageToken(first.getPage().getNextPageToken()))
                .build()));
        assertEquals("PAGE_TOKEN_INVALID", reason(foreign));
    }

    @Test
    void aPlanMayNotDropAScoreASegmentReads() {
        String score = unique("s");
        String type = unique("t");
        String planId = unique("p-");
        scoring.activePlan(plan(planId, score, type));
        String system = unique("sys-");
        scoring.system(system, false);
        String seg = unique("seg-");
        scoring.upsertSegment(seg, system, 0, "scores." + score + " > 1.0");
        scoring.write(plan(planId, unique("s"), type), 1);
        StatusRuntimeException inUse = error(() -> scoring.activate(planId, 2));
        assertEquals(Status.Code.FAILED_PRECONDITION, inUse.getStatus().getCode());
        assertEquals("SCORE_IN_USE", reason(inUse));
        assertTrue(inUse.getStatus().getDescription().contains(seg));
    }

    private static ErrorInfo info(StatusRuntimeException e) {
        return StatusProto.fromThrowable(e).getDetailsList().stream().filter(d -> d.is(ErrorInfo.class))
                .map(d -> unpack(d, ErrorInfo.class)).findFirst().orElseThrow();
    }

    private static List<String> descriptions(StatusRuntimeException e) {
        return StatusProto.fromThrowable(e).getDetailsList().stream().filter(d -> d.is(BadRequest.class))
                .flatMap(d -> unpack(d, BadRequest.class).getFieldViolationsList().stream())
                .map(BadRequest.FieldViolation::getDescription).toList();
    }

    private static <T extends com.google.protobuf.Message> T unpack(Any any, Class<T> type) {
        try {
            return any.unpack(type);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
