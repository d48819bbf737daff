package io.crowsnest.alertnotification.feed;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Set;

import com.google.protobuf.InvalidProtocolBufferException;

import io.crowsnest.alertnotification.v1.AlertHeartbeat;
import io.crowsnest.alertnotification.v1.SubscribeAlertsResponse;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.grpc.Status;

/**
 * One open subscription on one instance: the inboxes it follows, a buffer of entries not yet sent
 * (flow control: sent only while the subscriber is ready), and the last offset sent, so a replay
 * that overlaps live entries sends each offset once and in order. Until its replay is done, live
 * entries wait behind it.
 */
final class Subscription {

    private final Set<String> inboxes;
    private final FeedSink sink;
    private final int maxBuffered;
    private final Deque<Object> buffer = new ArrayDeque<>();
    private final List<AlertFeed.Entry> early = new ArrayList<>();
    private long lastSent;
    private boolean live;
    private boolean closed;
    private volatile long lastActivity = System.nanoTime();

    Subscription(Set<String> inboxes, long after, FeedSink sink, int maxBuffered) {
        this.inboxes = inboxes;
        this.sink = sink;
        this.maxBuffered = maxBuffered;
        this.lastSent = after;
    }

    boolean follows(String inboxKey) {
        return inboxes.contains(inboxKey);
    }

    /** Starts sending: the replayed entries, then the live ones that arrived meanwhile. */
    synchronized void start(List<AlertFeed.Entry> replay) {
        List<AlertFeed.Entry> all = new ArrayList<>(replay);
        all.addAll(early);
        early.clear();
        all.sort(Comparator.comparingLong(AlertFeed.Entry::offset));
        buffer.addAll(all);
        live = true;
        drain();
    }

    /** A live entry for one of its inboxes; false when the subscriber is too slow and was dropped. */
    synchronized boolean offer(AlertFeed.Entry entry) {
        if (closed) {
            return false;
        }
        if (!live) {
            early.add(entry);
            return true;
        }
        if (buffer.size() >= maxBuffered) {
            fail(GrpcErrors.error(Status.Code.UNAVAILABLE, "SUBSCRIBER_TOO_SLOW", "over " + maxBuffered
                    + " entries were waiting for this subscriber; reconnect after offset " + lastSent));
            return false;
        }
        buffer.add(entry);
        drain();
        return true;
    }

    /** A heartbeat when nothing was sent for the interval. */
    synchronized void heartbeatIfIdle(long intervalNanos, long latestOffset, com.google.protobuf.Timestamp now) {
        if (live && !closed && buffer.isEmpty() && System.nanoTime() - lastActivity >= intervalNanos) {
            buffer.add(SubscribeAlertsResponse.newBuilder().setHeartbeat(AlertHeartbeat.newBuilder()
                    .setLatestOffset(Math.max(latestOffset, lastSent)).setSentAt(now)).build());
            drain();
        }
    }

    synchronized void drain() {
        while (!closed && live && !buffer.isEmpty() && sink.ready()) {
            Object next = buffer.poll();
            if (next instanceof AlertFeed.Entry entry) {
                if (entry.offset() <= lastSent) {
                    continue;
                }
                sink.send(message(entry));
                lastSent = entry.offset();
            } else {
                sink.send((SubscribeAlertsResponse) next);
            }
            lastActivity = System.nanoTime();
        }
    }

    synchronized void fail(io.grpc.StatusRuntimeException error) {
        if (!closed) {
            closed = true;
            buffer.clear();
            try {
                sink.fail(error);
            } catch (RuntimeException ignored) {
                // the call is already closed
            }
        }
    }

    synchronized void cancelled() {
        closed = true;
        buffer.clear();
    }

    boolean closed() {
        return closed;
    }

    static SubscribeAlertsResponse message(AlertFeed.Entry entry) {
        try {
            SubscribeAlertsResponse m = SubscribeAlertsResponse.parseFrom(entry.payload());
            if (m.hasAlert()) {
                return m.toBuilder().setAlert(m.getAlert().toBuilder().setOffset(entry.offset())).build();
            }
            return m.toBuilder().setStateChange(m.getStateChange().toBuilder().setOffset(entry.offset())).build();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("unreadable feed entry " + entry.offset(), e);
        }
    }
}
