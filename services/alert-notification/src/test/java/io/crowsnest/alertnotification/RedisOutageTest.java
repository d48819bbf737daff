package io.crowsnest.alertnotification;

import static io.crowsnest.alertnotification.Fixtures.complaint;
import static io.crowsnest.alertnotification.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.crowsnest.alertnotification.v1.Alert;
import io.crowsnest.alertnotification.v1.ListInboxRequest;
import io.crowsnest.alertnotification.v1.SubscribeAlertsRequest;
import io.crowsnest.localstack.LocalRedis;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.localstack.testing.GrpcErrorDetails;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.localstack.testing.RedisTestResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * When only Redis is down an alert is still stored (offset 0 in the answer) and appended to the feed
 * once Redis is back; live screens end with UNAVAILABLE and reconnect.
 */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(Neighbours.class)
@QuarkusTestResource(ProviderServer.class)
class RedisOutageTest extends ServiceTest {

    LocalRedis redis;

    @Test
    void anAlertPublishedWhileRedisIsDownIsStoredAndReachesTheFeedWhenItIsBack() throws Exception {
        String ann = unique("ann-");
        f.team(ann);
        String person = f.person();
        FeedCollector screen = new FeedCollector();
        io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc.newStub(f.channel)
                .subscribeAlerts(SubscribeAlertsRequest.newBuilder().setAgentId(ann).build(), screen);
        screen.await(c -> !c.received.isEmpty(), Duration.ofSeconds(10));
        redis.close();
        try {
            Alert stored = f.alerts.publishAlert(complaint(ann, person).build()).getAlert();
            assertEquals(0, stored.getOffset(), "stored, not yet on the feed");
            assertTrue(screen.awaitEnd(Duration.ofSeconds(10)), "the live screen ends");
            assertEquals(Status.Code.UNAVAILABLE, Status.fromThrowable(screen.error).getCode());
            StatusRuntimeException listing = assertThrows(StatusRuntimeException.class,
                    () -> f.alerts.listInbox(ListInboxRequest.newBuilder().setAgentId(ann).build()));
            assertEquals("REDIS_UNAVAILABLE", GrpcErrorDetails.reason(listing));
        } finally {
            redis.restart();
        }
        Await.until(Duration.ofSeconds(20), () -> f.alerts.listInbox(ListInboxRequest.newBuilder().setAgentId(ann)
                .build()).getAlerts(0).getOffset() != 0, "the repair sweep appends the stored alert");

        // this Redis came back empty (no persistence in tests): the feed starts again and stays live
        FeedCollector reconnected = new FeedCollector();
        io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc.newStub(f.channel)
                .subscribeAlerts(SubscribeAlertsRequest.newBuilder().setAgentId(ann).build(), reconnected);
        reconnected.await(c -> !c.received.isEmpty(), Duration.ofSeconds(10));
        Alert live = f.alerts.publishAlert(complaint(ann, person).build()).getAlert();
        reconnected.await(c -> c.entries().stream().anyMatch(e -> e.getAlert().getAlertId().equals(live.getAlertId())),
                Duration.ofSeconds(10));
    }
}
