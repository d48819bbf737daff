package io.crowsnest.alertnotification.api;

import io.crowsnest.alertnotification.feed.FeedSink;
import io.crowsnest.alertnotification.v1.SubscribeAlertsResponse;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** A SubscribeAlerts server stream as a feed sink, with gRPC's flow control. */
final class GrpcFeedSink implements FeedSink {

    private final ServerCallStreamObserver<SubscribeAlertsResponse> call;

    GrpcFeedSink(StreamObserver<SubscribeAlertsResponse> response) {
        this.call = (ServerCallStreamObserver<SubscribeAlertsResponse>) response;
    }

    @Override
    public boolean ready() {
        return call.isReady() && !call.isCancelled();
    }

    @Override
    public void send(SubscribeAlertsResponse message) {
        call.onNext(message);
    }

    @Override
    public void fail(StatusRuntimeException error) {
        call.onError(error);
    }

    @Override
    public void onReady(Runnable callback) {
        call.setOnReadyHandler(callback);
    }

    @Override
    public void onCancel(Runnable callback) {
        call.setOnCancelHandler(callback);
    }
}
