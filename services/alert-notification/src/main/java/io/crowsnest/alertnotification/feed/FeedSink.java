package io.crowsnest.alertnotification.feed;

import io.crowsnest.alertnotification.v1.SubscribeAlertsResponse;
import io.grpc.StatusRuntimeException;

/** Where a subscription's messages go: a gRPC server stream, or a collector in tests. */
public interface FeedSink {

    /** Whether the subscriber can take a message now (flow control). */
    boolean ready();

    void send(SubscribeAlertsResponse message);

    /** Ends the stream with an error (the subscriber reconnects after its last offset). */
    void fail(StatusRuntimeException error);

    /** Runs a callback whenever the subscriber becomes ready again. */
    void onReady(Runnable callback);

    /** Runs a callback when the subscriber goes away. */
    void onCancel(Runnable callback);
}
