package io.crowsnest.gateway.api;

import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.jboss.logging.Logger;

import io.grpc.Context;
import io.grpc.StatusRuntimeException;

/**
 * Relays a gRPC server stream to a browser as server-sent events on a thread of its own, until
 * either side goes away; when the service ends the stream, an "error" event says why before the
 * SSE stream closes. The gRPC call is cancelled whatever ends the relay.
 */
final class SseRelay {

    private static final Logger LOG = Logger.getLogger(SseRelay.class);
    private static final ExecutorService STREAMS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "gateway-sse-relay");
        t.setDaemon(true);
        return t;
    });

    private SseRelay() {
    }

    /** Starts relaying {@code feed}; each item becomes the event {@code toEvent} builds. */
    static <T> void start(Iterator<T> feed, Context.CancellableContext call, SseEventSink sink, Sse sse, String what,
            BiFunction<Sse, T, OutboundSseEvent> toEvent) {
        STREAMS.submit(() -> relay(feed, call, sink, sse, what, toEvent));
    }

    private static <T> void relay(Iterator<T> feed, Context.CancellableContext call, SseEventSink sink, Sse sse,
            String what, BiFunction<Sse, T, OutboundSseEvent> toEvent) {
        try (sink) {
            while (!sink.isClosed() && feed.hasNext()) {
                sink.send(toEvent.apply(sse, feed.next())).toCompletableFuture().join();
            }
        } catch (StatusRuntimeException e) {
            LOG.debugf("%s ended: %s", what, e.getStatus());
            if (!sink.isClosed()) {
                sink.send(sse.newEventBuilder().name("error").data(e.getStatus().getCode() + ": "
                        + e.getStatus().getDescription()).build());
            }
        } catch (RuntimeException e) {
            LOG.debugf("%s ended: %s", what, e.toString());
        } finally {
            call.cancel(null);
        }
    }
}
