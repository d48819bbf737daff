package io.crowsnest.platform.feed;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

import org.jboss.logging.Logger;

import io.crowsnest.platform.grpc.GrpcErrors;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * Serves a Feed as a gRPC server stream: each open stream has its own thread that sends the
 * entries after the consumer's offset, then polls for more, with a heartbeat while idle. It never
 * blocks the event loop, stops reading while the consumer is not ready, and ends every stream with
 * UNAVAILABLE (SHUTTING_DOWN) on shutdown at once, waiting for new entries or not, so that consumers
 * reconnect after their last offset.
 */
public final class FeedStreamer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FeedStreamer.class);
    private static final int BATCH = 100;

    /** Turns one entry into the message to send, or empty when the consumer's filter skips it. */
    @FunctionalInterface
    public interface Render<T> {
        Optional<T> render(Feed.Entry entry) throws Exception;
    }

    private final ExecutorService streams;
    private final Duration poll;
    private final Duration heartbeat;
    private volatile boolean stopping;
    /** Released by {@link #close}: ends every stream's wait for new entries at once. */
    private final CountDownLatch closed = new CountDownLatch(1);

    public FeedStreamer(String threadName, Duration poll, Duration heartbeat) {
        this.poll = poll;
        this.heartbeat = heartbeat;
        this.streams = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Streams the feed after an offset until the consumer cancels or the server stops. */
    public <T> void stream(Feed feed, long after, StreamObserver<T> out, Render<T> render,
            LongFunction<T> heartbeatAt, String consumer) {
        ServerCallStreamObserver<T> call = (ServerCallStreamObserver<T>) out;
        streams.submit(() -> pump(feed, after, call, render, heartbeatAt, consumer));
    }

    private <T> void pump(Feed feed, long after, ServerCallStreamObserver<T> call, Render<T> render,
            LongFunction<T> heartbeatAt, String consumer) {
        long last = after;
        long lastSent = System.nanoTime();
        try {
            while (!call.isCancelled()) {
                if (stopping) {
                    call.onError(GrpcErrors.error(Status.Code.UNAVAILABLE, "SHUTTING_DOWN",
                            "the server is shutting down; reconnect after offset " + last));
                    return;
                }
                List<Feed.Entry> batch = call.isReady() ? feed.after(last, BATCH) : List.of();
                for (Feed.Entry entry : batch) {
                    Optional<T> message = render.render(entry);
                    if (message.isPresent()) {
                        call.onNext(message.get());
                        lastSent = System.nanoTime();
                    }
                    last = entry.offset();
                }
                if (System.nanoTime() - lastSent >= heartbeat.toNanos() && call.isReady()) {
                    call.onNext(heartbeatAt.apply(last));
                    lastSent = System.nanoTime();
                }
                if (batch.size() < BATCH) {
                    closed.await(poll.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(call, "the server is shutting down; reconnect after offset " + last);
        } catch (Exception e) {
            LOG.warnf("stream of %s ended after offset %d: %s", consumer, last, e.toString());
            closeQuietly(call, "the feed could not be read; reconnect after offset " + last);
        }
    }

    private static void closeQuietly(ServerCallStreamObserver<?> call, String why) {
        try {
            call.onError(GrpcErrors.error(Status.Code.UNAVAILABLE, "FEED_UNAVAILABLE", why));
        } catch (RuntimeException ignored) {
            // the call is already closed
        }
    }

    /** Ends every open stream with UNAVAILABLE and stops the threads. */
    @Override
    public void close() {
        stopping = true;
        closed.countDown();
        streams.shutdown();
        try {
            streams.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        streams.shutdownNow();
    }
}
