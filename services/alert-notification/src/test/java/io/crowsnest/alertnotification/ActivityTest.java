package io.crowsnest.alertnotification;

import static io.crowsnest.alertnotification.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc;
import io.crowsnest.alertnotification.v1.SubscribeCustomerActivityRequest;
import io.crowsnest.alertnotification.v1.SubscribeCustomerActivityResponse;
import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.localstack.testing.GrpcErrorDetails;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.localstack.testing.RedisTestResource;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * SubscribeCustomerActivity over gRPC against the real profile and scoring: the customer's recent
 * events, new ones as profile records them, resuming after a cursor, score thresholds crossed,
 * heartbeats, and bad requests.
 */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(Neighbours.class)
@QuarkusTestResource(ProviderServer.class)
class ActivityTest extends ServiceTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void anAgentSeesTheCustomersRecentEventsThenNewOnesAndResumesAfterItsCursor() throws Exception {
        Identifier email = Fixtures.email();
        String person = record(email, EventType.EVENT_TYPE_PAGE_VIEW, Instant.now().minusSeconds(120));
        String older = lastEventId;
        record(email, EventType.EVENT_TYPE_SEARCH, Instant.now().minusSeconds(60));
        String recent = lastEventId;

        try (Screen screen = open(SubscribeCustomerActivityRequest.newBuilder().setPersonId(person).setAgentId("ann")
                .setReplayLimit(1).build())) {
            SubscribeCustomerActivityResponse first = screen.await(r -> r.hasEvent());
            assertEquals(recent, first.getEvent().getEvent().getEventId(), "only the latest one is replayed");
            record(email, EventType.EVENT_TYPE_PURCHASE, Instant.now());
            String live = lastEventId;
            screen.await(r -> r.hasEvent() && r.getEvent().getEvent().getEventId().equals(live));
            assertTrue(screen.events().stream().noneMatch(id -> id.equals(older)), screen.events().toString());

            try (Screen again = open(SubscribeCustomerActivityRequest.newBuilder().setPersonId(person)
                    .setAfterCursor(first.getEvent().getCursor()).build())) {
                again.await(r -> r.hasEvent() && r.getEvent().getEvent().getEventId().equals(live));
                assertEquals(List.of(live), again.events(), "after the cursor: only what came after it");
            }
        }
    }

    @Test
    void aScoreCrossingItsThresholdIsShownWithASentence() throws Exception {
        try (ScoringFixture scoring = new ScoringFixture(neighbours)) {
            String score = "intent_" + unique("").substring(0, 6);
            scoring.segment(score, "mortgage_simulation");
            String person = record(Fixtures.email(), EventType.EVENT_TYPE_PAGE_VIEW, Instant.now());
            try (Screen screen = open(SubscribeCustomerActivityRequest.newBuilder().setPersonId(person)
                    .putScoreThresholds(score, 15).build())) {
                screen.await(r -> r.hasHeartbeat() || r.hasEvent());
                scoring.observe(person, "mortgage_simulation");
                scoring.observe(person, "mortgage_simulation");
                var crossing = screen.await(r -> r.hasScoreCrossing()).getScoreCrossing();
                assertEquals(score, crossing.getScoreName());
                assertTrue(crossing.getUpward());
                assertTrue(crossing.getValue() >= 15, crossing.toString());
                assertEquals("SCORE_ROSE", crossing.getReason().getCode());
                assertTrue(crossing.getReason().getMessage().startsWith(score + " rose from "),
                        crossing.getReason().getMessage());
            }
        }
    }

    @Test
    void anIdleCustomerSendsHeartbeats() throws Exception {
        String person = record(Fixtures.email(), EventType.EVENT_TYPE_PAGE_VIEW, Instant.now());
        try (Screen screen = open(SubscribeCustomerActivityRequest.newBuilder().setPersonId(person).build())) {
            screen.await(SubscribeCustomerActivityResponse::hasHeartbeat);
        }
    }

    @Test
    void badRequestsAndUnknownPersonsAreRefused() {
        StatusRuntimeException bad = assertThrows(StatusRuntimeException.class, () -> f.alerts
                .subscribeCustomerActivity(SubscribeCustomerActivityRequest.newBuilder().setPersonId("p-1")
                        .setAfterCursor("not-a-cursor").setReplayLimit(99).putScoreThresholds("Bad Name", 1)
                        .build()).hasNext());
        assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
        assertEquals(List.of("after_cursor", "replay_limit", "score_thresholds[\"Bad Name\"]"),
                GrpcErrorDetails.fields(bad));
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> f.alerts
                .subscribeCustomerActivity(SubscribeCustomerActivityRequest.newBuilder()
                        .setPersonId("nobody-" + unique("")).build()).hasNext());
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        assertEquals("PERSON_NOT_FOUND", GrpcErrorDetails.reason(unknown));
    }

    private String lastEventId;

    private String record(Identifier who, EventType type, Instant at) {
        lastEventId = unique("web:");
        return f.profile.recordEvent(RecordEventRequest.newBuilder().setEventId(lastEventId).addIdentifiers(who)
                .setType(type).setChannel(Channel.CHANNEL_WEB).setOccurredAt(Timestamps.of(at))
                .setSource("web-analytics").build()).getPersonId();
    }

    private Screen open(SubscribeCustomerActivityRequest request) {
        Screen screen = new Screen();
        screen.context.run(() -> AlertNotificationServiceGrpc.newStub(f.channel).subscribeCustomerActivity(request,
                screen));
        return screen;
    }

    /** One agent's screen: what the stream sent, until closed. */
    static final class Screen implements StreamObserver<SubscribeCustomerActivityResponse>, AutoCloseable {
        final List<SubscribeCustomerActivityResponse> received = new CopyOnWriteArrayList<>();
        final Context.CancellableContext context = Context.current().withCancellation();
        volatile Throwable error;

        @Override
        public void onNext(SubscribeCustomerActivityResponse value) {
            received.add(value);
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onCompleted() {
        }

        List<String> events() {
            return received.stream().filter(SubscribeCustomerActivityResponse::hasEvent)
                    .map(r -> r.getEvent().getEvent().getEventId()).toList();
        }

        SubscribeCustomerActivityResponse await(Predicate<SubscribeCustomerActivityResponse> wanted) {
            Await.until(WAIT, () -> error != null || received.stream().anyMatch(wanted),
                    () -> "the awaited activity; received " + received);
            return received.stream().filter(wanted).findFirst()
                    .orElseThrow(() -> new AssertionError("the stream ended: " + error, error));
        }

        @Override
        public void close() {
            context.cancel(null);
        }
    }
}
