package io.crowsnest.alertnotification.api;

import java.time.Instant;

import com.google.protobuf.InvalidProtocolBufferException;

import io.crowsnest.alertnotification.feed.FeedSink;
import io.crowsnest.alertnotification.v1.AlertHeartbeat;
import io.crowsnest.alertnotification.v1.SubscribeAlertsResponse;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.Timestamps;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * A SubscribeAlerts server stream as a feed sink, with gRPC's flow control: an entry's payload is
 * the message as appended, sent with its offset set.
 */
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
    public void entry(long offset, byte[] payload) {
        call.onNext(message(offset, payload));
    }

    @Override
    public void heartbeat(long latestOffset, Instant sentAt) {
        call.onNext(SubscribeAlertsResponse.newBuilder().setHeartbeat(AlertHeartbeat.newBuilder()
                .setLatestOffset(latestOffset).setSentAt(Timestamps.of(sentAt))).build());
    }

    @Override
    public void fail(String reason, String message) {
        call.onError(GrpcErrors.error(Status.Code.UNAVAILABLE, reason, message));
    }

    @Override
    public void onReady(Runnable callback) {
        call.setOnReadyHandler(callback);
    }

    @Override
    public void onCancel(Runnable callback) {
        call.setOnCancelHandler(callback);
    }

    static SubscribeAlertsResponse message(long offset, byte[] payload) {
        try {
            SubscribeAlertsResponse m = SubscribeAlertsResponse.parseFrom(payload);
            if (m.hasAlert()) {
                return m.toBuilder().setAlert(m.getAlert().toBuilder().setOffset(offset)).build();
            }
            return m.toBuilder().setStateChange(m.getStateChange().toBuilder().setOffset(offset)).build();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("unreadable feed entry " + offset, e);
        }
    }
}
