package io.crowsnest.alertnotification;

import static io.crowsnest.alertnotification.Fixtures.complaint;
import static io.crowsnest.alertnotification.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.crowsnest.alertnotification.v1.Alert;
import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc;
import io.crowsnest.alertnotification.v1.AlertRecipient;
import io.crowsnest.alertnotification.v1.AlertState;
import io.crowsnest.alertnotification.v1.ListInboxRequest;
import io.crowsnest.alertnotification.v1.MarkAlertsReadRequest;
import io.crowsnest.alertnotification.v1.SubscribeAlertsRequest;
import io.crowsnest.alertnotification.v1.SubscribeAlertsResponse;
import io.crowsnest.localstack.testing.GrpcErrorDetails;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.localstack.testing.RedisTestResource;
import io.crowsnest.platform.time.MovableClock;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** SubscribeAlerts over gRPC: live alerts and state changes, replay after an offset, heartbeats, bad offsets. */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(Neighbours.class)
@QuarkusTestResource(ProviderServer.class)
class SubscribeTest extends ServiceTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    MovableClock clock;

    private FeedCollector subscribe(SubscribeAlertsRequest request) {
        FeedCollector collector = new FeedCollector();
        AlertNotificationServiceGrpc.newStub(f.channel).subscribeAlerts(request, collector);
        return collector;
    }

    @Test
    void everyScreenOfATeamGetsNewAlertsAndStateChangesLive() throws Exception {
        String ann = unique("ann-");
        String bob = unique("bob-");
        String team = f.team(ann, bob);
        FeedCollector annScreen = subscribe(SubscribeAlertsRequest.newBuilder().setAgentId(ann).addTeamIds(team).build());
        FeedCollector bobScreen = subscribe(SubscribeAlertsRequest.newBuilder().setAgentId(bob).addTeamIds(team).build());
        annScreen.await(c -> c.received.stream().anyMatch(SubscribeAlertsResponse::hasHeartbeat), WAIT);
        bobScreen.await(c -> c.received.stream().anyMatch(SubscribeAlertsResponse::hasHeartbeat), WAIT);

        Alert alert = f.alerts.publishAlert(complaint("x", f.person())
                .setRecipient(AlertRecipient.newBuilder().setTeamId(team)).build()).getAlert();
        f.alerts.markAlertsRead(MarkAlertsReadRequest.newBuilder().addAlertIds(alert.getAlertId()).setAgentId(bob)
                .setIdempotencyKey(unique("k")).build());
        for (FeedCollector screen : List.of(annScreen, bobScreen)) {
            screen.await(c -> c.entries().size() == 2, WAIT);
            assertEquals(alert, screen.entries().get(0).getAlert());
            var change = screen.entries().get(1).getStateChange();
            assertEquals(AlertState.ALERT_STATE_READ, change.getState());
            assertEquals(bob, change.getAgentId());
            assertTrue(change.getOffset() > alert.getOffset());
        }
    }

    @Test
    void aReconnectingScreenGetsWhatItMissedInOrderThenGoesLive() throws Exception {
        String ann = unique("ann-");
        f.team(ann);
        long resumeAfter = f.alerts.listInbox(ListInboxRequest.newBuilder().setAgentId(ann).build()).getLatestOffset();
        List<Alert> missed = List.of(publish(ann), publish(ann), publish(ann));
        FeedCollector screen = subscribe(SubscribeAlertsRequest.newBuilder().setAgentId(ann)
                .setAfterOffset(resumeAfter).build());
        screen.await(c -> c.entries().size() == 3, WAIT);
        assertEquals(missed, screen.entries().stream().map(SubscribeAlertsResponse::getAlert).toList());
        Alert live = publish(ann);
        screen.await(c -> c.entries().size() == 4, WAIT);
        assertEquals(live, screen.entries().get(3).getAlert());
        long heartbeatOffset = awaitHeartbeat(screen).getHeartbeat().getLatestOffset();
        assertTrue(heartbeatOffset >= live.getOffset(), "a heartbeat's offset covers everything sent");
    }

    private SubscribeAlertsResponse awaitHeartbeat(FeedCollector screen) throws InterruptedException {
        int before = screen.received.size();
        screen.await(c -> c.received.size() > before && c.received.get(c.received.size() - 1).hasHeartbeat(), WAIT);
        return screen.received.get(screen.received.size() - 1);
    }

    private Alert publish(String agent) {
        return f.alerts.publishAlert(complaint(agent, f.person()).build()).getAlert();
    }

    @Test
    void aScreenThatDisconnectsMidStreamBreaksNothing() throws Exception {
        String ann = unique("ann-");
        f.team(ann);
        Context.CancellableContext leaving = Context.current().withCancellation();
        Iterator<SubscribeAlertsResponse> stream = leaving.call(() -> f.alerts.subscribeAlerts(
                SubscribeAlertsRequest.newBuilder().setAgentId(ann).build()));
        Alert first = publish(ann);
        while (true) {
            SubscribeAlertsResponse next = stream.next();
            if (next.hasAlert()) {
                assertEquals(first, next.getAlert());
                break;
            }
        }
        leaving.cancel(null);
        FeedCollector staying = subscribe(SubscribeAlertsRequest.newBuilder().setAgentId(ann)
                .setAfterOffset(first.getOffset()).build());
        Alert second = publish(ann);
        staying.await(c -> c.entries().size() == 1, WAIT);
        assertEquals(second, staying.entries().get(0).getAlert());
    }

    @Test
    void offsetsAheadOfTheFeedOrNoLongerKeptAreRefused() throws Exception {
        String ann = unique("ann-");
        f.team(ann);
        long latest = publish(ann).getOffset();
        StatusRuntimeException ahead = assertThrows(StatusRuntimeException.class, () -> f.alerts.subscribeAlerts(
                SubscribeAlertsRequest.newBuilder().setAgentId(ann).setAfterOffset(latest + 1000).build()).hasNext());
        assertEquals(Status.Code.INVALID_ARGUMENT, ahead.getStatus().getCode());
        assertEquals(List.of("after_offset"), GrpcErrorDetails.fields(ahead));
        StatusRuntimeException bad = assertThrows(StatusRuntimeException.class, () -> f.alerts.subscribeAlerts(
                SubscribeAlertsRequest.newBuilder().addTeamIds("bad team").setAfterOffset(-1).build()).hasNext());
        assertEquals(List.of("team_ids[0]", "after_offset"), GrpcErrorDetails.fields(bad));

        Alert old = publish(ann);
        publish(ann);
        clock.advance(Duration.ofDays(8));
        try {
            publish(ann);
            StatusRuntimeException expired = assertThrows(StatusRuntimeException.class, () -> f.alerts
                    .subscribeAlerts(SubscribeAlertsRequest.newBuilder().setAgentId(ann)
                            .setAfterOffset(old.getOffset()).build()).hasNext());
            assertEquals(Status.Code.FAILED_PRECONDITION, expired.getStatus().getCode());
            assertEquals("OFFSET_EXPIRED", GrpcErrorDetails.reason(expired));
        } finally {
            clock.advance(Duration.ofDays(-8));
        }
    }
}
