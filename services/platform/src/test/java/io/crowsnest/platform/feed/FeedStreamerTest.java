package io.crowsnest.platform.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.crowsnest.localstack.LocalMongo;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;

/**
 * A feed streamed to a consumer on a real MongoDB wire-protocol server: the entries after its
 * offset arrive, and closing the streamer ends a stream that waits for new entries at once with
 * UNAVAILABLE SHUTTING_DOWN (the wait is an hour here, so a stream that slept it out would be
 * interrupted instead and answer FEED_UNAVAILABLE).
 */
class FeedStreamerTest {

    private LocalMongo mongo;
    private MongoClient client;
    private Feed feed;

    @BeforeEach
    void start() {
        mongo = LocalMongo.inMemory(0);
        client = MongoClients.create(mongo.connectionString());
        feed = new Feed(client.getDatabase("feed-test"), "entries", Duration.ofDays(1));
    }

    @AfterEach
    void stop() {
        client.close();
        mongo.close();
    }

    /** A consumer always ready, recording the offsets sent and how the stream ended. */
    static final class Consumer extends ServerCallStreamObserver<Long> {
        final List<Long> offsets = new CopyOnWriteArrayList<>();
        final CountDownLatch received;
        final CountDownLatch ended = new CountDownLatch(1);
        final AtomicReference<Throwable> error = new AtomicReference<>();

        Consumer(int expected) {
            received = new CountDownLatch(expected);
        }

        @Override
        public void onNext(Long offset) {
            offsets.add(offset);
            received.countDown();
        }

        @Override
        public void onError(Throwable t) {
            error.set(t);
            ended.countDown();
        }

        @Override
        public void onCompleted() {
            ended.countDown();
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public void setOnCancelHandler(Runnable handler) {
        }

        @Override
        public void setCompression(String compression) {
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setOnReadyHandler(Runnable handler) {
        }

        @Override
        public void disableAutoInboundFlowControl() {
        }

        @Override
        public void request(int count) {
        }

        @Override
        public void setMessageCompression(boolean enable) {
        }
    }

    @Test
    void closingEndsAStreamWaitingForNewEntriesAtOnceWithShuttingDown() throws InterruptedException {
        Instant at = Instant.parse("2026-12-06T08:00:00Z");
        long first = feed.append(at, new byte[] {1});
        long second = feed.append(at, new byte[] {2});
        FeedStreamer streamer = new FeedStreamer("feed-test", Duration.ofHours(1), Duration.ofHours(1));
        Consumer consumer = new Consumer(2);
        streamer.stream(feed, 0, consumer, entry -> Optional.of(entry.offset()), offset -> -offset, "test");
        assertTrue(consumer.received.await(30, TimeUnit.SECONDS), "the entries after offset 0 arrive");
        assertEquals(List.of(first, second), consumer.offsets);

        streamer.close();
        assertTrue(consumer.ended.await(30, TimeUnit.SECONDS));
        StatusRuntimeException ended = assertInstanceOf(StatusRuntimeException.class, consumer.error.get());
        assertEquals(Status.Code.UNAVAILABLE, ended.getStatus().getCode());
        assertEquals("SHUTTING_DOWN", GrpcErrors.reason(ended));
    }
}
