package io.crowsnest.alertnotification.feed;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Set;


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
            fail("SUBSCRIBER_TOO_SLOW", "over " + maxBuffered + " entries were waiting for this subscriber; "
                    + "reconnect after offset " + lastSent);
            return false;
        }
        buffer.add(entry);
        drain();
        return true;
    }

    /** A heartbeat when nothing was sent for the interval. */
    synchronized void heartbeatIfIdle(long intervalNanos, long latestOffset, Instant now) {
        if (live && !closed && buffer.isEmpty() && System.nanoTime() - lastActivity >= intervalNanos) {
            buffer.add(new Heartbeat(Math.max(latestOffset, lastSent), now));
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
                sink.entry(entry.offset(), entry.payload());
                lastSent = entry.offset();
            } else {
                Heartbeat h = (Heartbeat) next;
                sink.heartbeat(h.latestOffset(), h.at());
            }
            lastActivity = System.nanoTime();
        }
    }

    /** Ends the subscription as unavailable with the reason and sentence the subscriber is told. */
    synchronized void fail(String reason, String message) {
        if (!closed) {
            closed = true;
            buffer.clear();
            try {
                sink.fail(reason, message);
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

    /** A heartbeat waiting in the buffer behind the entries. */
    private record Heartbeat(long latestOffset, Instant at) {
    }
}
