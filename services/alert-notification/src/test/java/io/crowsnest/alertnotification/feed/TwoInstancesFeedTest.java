package io.crowsnest.alertnotification.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crowsnest.alertnotification.v1.Alert;
import io.crowsnest.alertnotification.v1.AlertHeartbeat;
import io.crowsnest.alertnotification.v1.SubscribeAlertsResponse;
import io.crowsnest.localstack.LocalRedis;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.localstack.testing.FreePort;
import redis.clients.jedis.JedisPooled;

/**
 * Two instances of the live feed (each its own Redis client, appender and dispatcher, as two
 * replicas run) over one real redis-server: what one appends reaches subscribers of the other, in
 * order; a subscriber reconnecting to the other instance gets the replay; a slow subscriber is
 * dropped without holding anyone up; losing Redis ends subscriptions with UNAVAILABLE.
 */
class TwoInstancesFeedTest {

    static final Duration WAIT = Duration.ofSeconds(60); // bounded: under a loaded full build 10 s was once not enough

    LocalRedis redis;
    List<AutoCloseable> closing = new ArrayList<>();
    AlertFeed feedA;
    AlertFeed feedB;
    FeedDispatcher a;
    FeedDispatcher b;

    @BeforeEach
    void twoInstances() throws Exception {
        redis = LocalRedis.start(FreePort.pick(), null, null);
        feedA = feed();
        feedB = feed();
        a = dispatcher(feedA);
        b = dispatcher(feedB);
    }

    private AlertFeed feed() {
        JedisPooled client = new JedisPooled(java.net.URI.create(redis.uri()), 2000);
        closing.add(client);
        return new AlertFeed(client, Duration.ofDays(7), 10_000);
    }

    private FeedDispatcher dispatcher(AlertFeed feed) {
        FeedDispatcher d = new FeedDispatcher(feed, Duration.ofMillis(200), Duration.ofMillis(300), 50,
                Clock.systemUTC()).start();
        closing.add(d);
        return d;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        redis.close();
    }

    static byte[] alert(String title) {
        return SubscribeAlertsResponse.newBuilder().setAlert(Alert.newBuilder().setTitle(title)).build().toByteArray();
    }

    /** A subscriber's screen: takes everything, or nothing while not ready; remembers why it was ended. */
    static final class Screen implements FeedSink {
        final List<SubscribeAlertsResponse> got = new CopyOnWriteArrayList<>();
        volatile String error;
        volatile boolean ready = true;

        public boolean ready() {
            return ready;
        }

        public void entry(long offset, byte[] payload) {
            try {
                SubscribeAlertsResponse m = SubscribeAlertsResponse.parseFrom(payload);
                got.add(m.toBuilder().setAlert(m.getAlert().toBuilder().setOffset(offset)).build());
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
        }

        public void heartbeat(long latestOffset, Instant sentAt) {
            got.add(SubscribeAlertsResponse.newBuilder().setHeartbeat(AlertHeartbeat.newBuilder()
                    .setLatestOffset(latestOffset)).build());
        }

        public void fail(String reason, String message) {
            error = reason;
        }

        public void onReady(Runnable callback) {
        }

        public void onCancel(Runnable callback) {
        }

        List<String> titles() {
            return got.stream().filter(SubscribeAlertsResponse::hasAlert).map(m -> m.getAlert().getTitle()).toList();
        }

        List<Long> offsets() {
            return got.stream().filter(SubscribeAlertsResponse::hasAlert).map(m -> m.getAlert().getOffset()).toList();
        }
    }

    @Test
    void whatOneInstanceAppendsReachesTheOthersSubscribersInOrderAndAReconnectReplaysOnTheOther()
            throws Exception {
        Screen onB = new Screen();
        b.subscribe(Set.of("agent:ann"), 0, onB);
        Screen otherInbox = new Screen();
        a.subscribe(Set.of("agent:bob"), 0, otherInbox);
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            offsets.add(feedA.append(i % 2 == 0 ? "agent:ann" : "agent:bob", alert("n" + i), Instant.now()));
        }
        Await.until(WAIT, () -> onB.titles().size() == 10, "ann's ten alerts on instance B");
        assertEquals(List.of("n0", "n2", "n4", "n6", "n8", "n10", "n12", "n14", "n16", "n18"), onB.titles());
        Await.until(WAIT, () -> otherInbox.titles().size() == 10, "bob's ten alerts on instance A");
        assertTrue(otherInbox.titles().stream().noneMatch(t -> onB.titles().contains(t)), "each inbox its own");

        long seen = onB.offsets().get(4);
        Screen reconnected = new Screen();
        feedB.append("agent:ann", alert("while away"), Instant.now());
        a.subscribe(Set.of("agent:ann"), seen, reconnected);
        Await.until(WAIT, () -> reconnected.titles().size() == 6, "the replay on instance A");
        assertEquals(List.of("n10", "n12", "n14", "n16", "n18", "while away"), reconnected.titles());
        List<Long> replayed = reconnected.offsets();
        assertEquals(replayed.stream().sorted().distinct().toList(), replayed, "strictly increasing offsets");
        Await.until(WAIT, () -> reconnected.got.stream().anyMatch(SubscribeAlertsResponse::hasHeartbeat), "a heartbeat");
    }

    @Test
    void aSlowSubscriberIsDroppedWithoutHoldingUpOthers() throws Exception {
        Screen slow = new Screen();
        slow.ready = false;
        Screen quick = new Screen();
        b.subscribe(Set.of("team:desk"), 0, slow);
        b.subscribe(Set.of("team:desk"), 0, quick);
        for (int i = 0; i < 60; i++) {
            feedA.append("team:desk", alert("t" + i), Instant.now());
        }
        Await.until(WAIT, () -> quick.titles().size() == 60, "the quick screen gets all");
        Await.until(WAIT, () -> slow.error != null, "the slow screen is dropped");
        assertEquals("SUBSCRIBER_TOO_SLOW", slow.error); // answered UNAVAILABLE by the gRPC sink
        assertTrue(slow.got.isEmpty());
    }

    @Test
    void losingRedisEndsSubscriptionsWithUnavailable() throws Exception {
        Screen screen = new Screen();
        a.subscribe(Set.of("agent:ann"), 0, screen);
        Await.until(WAIT, () -> a.open() == 1, "subscribed");
        redis.close();
        Await.until(WAIT, () -> screen.error != null, "the subscription ends");
        assertEquals("REDIS_UNAVAILABLE", screen.error); // answered UNAVAILABLE by the gRPC sink
        assertEquals(0, a.open());
    }
}
