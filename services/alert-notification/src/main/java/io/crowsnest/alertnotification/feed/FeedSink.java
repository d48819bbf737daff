package io.crowsnest.alertnotification.feed;

import java.time.Instant;

/** Where a subscription's messages go: a gRPC server stream (api/), or a collector in tests. */
public interface FeedSink {

    /** Whether the subscriber can take a message now (flow control). */
    boolean ready();

    /** An entry of the feed: its offset and its payload as appended (an encoded alert or state change). */
    void entry(long offset, byte[] payload);

    /** Nothing new: the latest offset the feed holds for the subscriber, and when this was said. */
    void heartbeat(long latestOffset, Instant sentAt);

    /**
     * Ends the stream as unavailable (the subscriber reconnects after its last offset), with the
     * contract's reason (e.g. SUBSCRIBER_TOO_SLOW) and a sentence.
     */
    void fail(String reason, String message);

    /** Runs a callback whenever the subscriber becomes ready again. */
    void onReady(Runnable callback);

    /** Runs a callback when the subscriber goes away. */
    void onCancel(Runnable callback);
}
