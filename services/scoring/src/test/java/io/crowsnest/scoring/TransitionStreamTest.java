package io.crowsnest.scoring;

import static io.crowsnest.scoring.Scoring.error;
import static io.crowsnest.scoring.Scoring.event;
import static io.crowsnest.scoring.Scoring.fields;
import static io.crowsnest.scoring.Scoring.key;
import static io.crowsnest.scoring.Scoring.plan;
import static io.crowsnest.scoring.Scoring.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;

import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.scoring.store.TransitionLog;
import io.crowsnest.scoring.v1.ForgetPersonRequest;
import io.crowsnest.scoring.v1.GetScoresRequest;
import io.crowsnest.scoring.v1.GetSegmentRequest;
import io.crowsnest.scoring.v1.ScoringServiceGrpc;
import io.crowsnest.scoring.v1.SegmentEvaluationState;
import io.crowsnest.scoring.v1.SegmentTransition;
import io.crowsnest.scoring.v1.SegmentTransitionType;
import io.crowsnest.scoring.v1.StreamSegmentTransitionsRequest;
import io.crowsnest.scoring.v1.StreamSegmentTransitionsResponse;
import io.crowsnest.scoring.v1.SystemMemberships;
import io.crowsnest.scoring.v1.TransitionCause;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * StreamSegmentTransitions through real gRPC: live transitions, resuming after an offset, heartbeats,
 * and an erased person's transitions kept under a pseudonym without values.
 */
@QuarkusTest
@TestProfile(Stores.class)
class TransitionStreamTest extends WithScoringClient {

    @Inject
    MongoDatabase database;

    /** An open stream: what it received, in order. */
    private final class Subscription implements AutoCloseable {

        final BlockingQueue<StreamSegmentTransitionsResponse> received = new LinkedBlockingQueue<>();
        final Context.CancellableContext context = Context.current().withCancellation();

        Subscription(StreamSegmentTransitionsRequest request) {
            context.run(() -> ScoringServiceGrpc.newStub(scoring.channel).streamSegmentTransitions(request,
                    new StreamObserver<>() {
                        @Override
                        public void onNext(StreamSegmentTransitionsResponse value) {
                            received.add(value);
                        }

                        @Override
                        public void onError(Throwable t) {
                        }

                        @Override
                        public void onCompleted() {
                        }
                    }));
        }

        SegmentTransition nextTransition() throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                StreamSegmentTransitionsResponse r = received.poll(100, TimeUnit.MILLISECONDS);
                if (r != null && r.hasTransition()) {
                    return r.getTransition();
                }
            }
            throw new AssertionError("no transition arrived");
        }

        StreamSegmentTransitionsResponse nextHeartbeat() throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                StreamSegmentTransitionsResponse r = received.poll(100, TimeUnit.MILLISECONDS);
                if (r != null && r.hasHeartbeat()) {
                    return r;
                }
            }
            throw new AssertionError("no heartbeat arrived");
        }

        @Override
        public void close() {
            context.cancel(null);
        }
    }

    private static StreamSegmentTransitionsRequest request(long after, String segmentId) {
        return StreamSegmentTransitionsRequest.newBuilder().setAfterOffset(after).addSegmentIds(segmentId)
                .setConsumer("decisioning").build();
    }

    @Test
    void consumersSeeEnteredThenLeftAndResumeAfterTheirLastOffset() throws Exception {
        String score = unique("s");
        String type = unique("t");
        scoring.activePlan(plan(unique("p-"), score, type));
        String system = unique("sys-");
        scoring.system(system, false);
        String seg = unique("seg-");
        scoring.upsertSegment(seg, system, 0, "scores." + score + " >= 10.0");
        Await.until(Duration.ofSeconds(30), () -> scoring.stub.getSegment(GetSegmentRequest.newBuilder()
                .setSegmentId(seg).build()).getSize().getEvaluationState() == SegmentEvaluationState
                        .SEGMENT_EVALUATION_STATE_LIVE, "segment " + seg + " LIVE");
        String person = unique("person-");
        SegmentTransition entered;
        try (Subscription stream = new Subscription(request(0, seg))) {
            scoring.observe(event(person, type, Instant.now()));
            entered = stream.nextTransition();
            assertEquals(SegmentTransitionType.SEGMENT_TRANSITION_TYPE_ENTERED, entered.getType());
            assertEquals(TransitionCause.TRANSITION_CAUSE_EVENT, entered.getCause());
            assertEquals(person, entered.getPersonId());
            // other tests' segments may hold the person too: every membership it had is removed
            int held = scoring.stub.getScores(GetScoresRequest.newBuilder().setPerson(PersonRef.newBuilder()
                    .setPersonId(person)).build()).getScores().getMembershipsList().stream()
                    .mapToInt(SystemMemberships::getSegmentsCount).sum();
            assertTrue(held >= 1);
            assertEquals(held, scoring.stub.forgetPerson(ForgetPersonRequest.newBuilder().setPersonId(person)
                    .setReason(Reason.newBuilder().setCode("GDPR_ERASURE")).setRequestingSystem("privacy-desk")
                    .setIdempotencyKey(key()).build()).getMembershipsRemovedCount());
            SegmentTransition left = stream.nextTransition();
            assertEquals(SegmentTransitionType.SEGMENT_TRANSITION_TYPE_LEFT, left.getType());
            assertEquals(TransitionCause.TRANSITION_CAUSE_FORGET, left.getCause());
            assertTrue(left.getOffset() > entered.getOffset());
            StreamSegmentTransitionsResponse heartbeat = stream.nextHeartbeat();
            assertTrue(heartbeat.getHeartbeat().getLatestOffset() >= left.getOffset());
        }
        // resumed after the erasure: the same transitions at the same offsets, under one pseudonym, without values
        try (Subscription resumed = new Subscription(request(entered.getOffset() - 1, seg))) {
            SegmentTransition again = resumed.nextTransition();
            assertEquals(entered.getOffset(), again.getOffset());
            assertEquals(SegmentTransitionType.SEGMENT_TRANSITION_TYPE_ENTERED, again.getType());
            assertEquals(TransitionCause.TRANSITION_CAUSE_EVENT, again.getCause());
            assertEquals(entered.getReason().getCode(), again.getReason().getCode());
            assertEquals(TransitionLog.ERASED, again.getReason().getMessage());
            assertEquals(0, again.getReason().getFiguresCount());
            assertEquals("", again.getEventId());
            assertTrue(again.getPersonId().startsWith("erased-"), again.getPersonId());
            SegmentTransition first = resumed.nextTransition();
            assertEquals(SegmentTransitionType.SEGMENT_TRANSITION_TYPE_LEFT, first.getType());
            assertEquals(again.getPersonId(), first.getPersonId());
        }
        for (Document entry : database.getCollection("transitions").find()) {
            assertFalse(new String(entry.get("payload", Binary.class).getData(), StandardCharsets.ISO_8859_1)
                    .contains(person), "transition entry " + entry.get("_id") + " names the erased person");
            assertFalse(entry.toJson().contains(person), "transition entry " + entry.get("_id"));
        }
    }

    @Test
    void aMalformedRequestIsRefused() {
        StatusRuntimeException e = error(() -> ScoringServiceGrpc.newBlockingStub(scoring.channel)
                .streamSegmentTransitions(StreamSegmentTransitionsRequest.newBuilder().setAfterOffset(Long.MAX_VALUE)
                        .addTypes(SegmentTransitionType.SEGMENT_TRANSITION_TYPE_UNSPECIFIED).build()).hasNext());
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(List.of("after_offset", "types[0]", "consumer"), fields(e));
        assertNotNull(e.getStatus().getDescription());
    }
}
