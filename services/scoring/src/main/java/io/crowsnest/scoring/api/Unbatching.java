package io.crowsnest.scoring.api;

import java.util.List;

import io.grpc.stub.ServerCallStreamObserver;

/**
 * Lets the platform's FeedStreamer, which renders one message per feed entry, send the several
 * transitions one entry holds: it renders a list, and this observer sends its elements one by one.
 */
final class Unbatching<T> extends ServerCallStreamObserver<List<T>> {

    private final ServerCallStreamObserver<T> call;

    Unbatching(ServerCallStreamObserver<T> call) {
        this.call = call;
    }

    @Override
    public void onNext(List<T> messages) {
        messages.forEach(call::onNext);
    }

    @Override
    public void onError(Throwable t) {
        call.onError(t);
    }

    @Override
    public void onCompleted() {
        call.onCompleted();
    }

    @Override
    public boolean isCancelled() {
        return call.isCancelled();
    }

    @Override
    public void setOnCancelHandler(Runnable handler) {
        call.setOnCancelHandler(handler);
    }

    @Override
    public void setCompression(String compression) {
        call.setCompression(compression);
    }

    @Override
    public boolean isReady() {
        return call.isReady();
    }

    @Override
    public void setOnReadyHandler(Runnable handler) {
        call.setOnReadyHandler(handler);
    }

    @Override
    public void disableAutoInboundFlowControl() {
        call.disableAutoInboundFlowControl();
    }

    @Override
    public void request(int count) {
        call.request(count);
    }

    @Override
    public void setMessageCompression(boolean enable) {
        call.setMessageCompression(enable);
    }
}
