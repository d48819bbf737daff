package io.crowsnest.alertnotification;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.crowsnest.alertnotification.v1.SubscribeAlertsResponse;
import io.crowsnest.localstack.testing.Await;
import io.grpc.stub.StreamObserver;

/** Collects what a SubscribeAlerts stream sends, and waits (bounded) until a condition holds. */
public final class FeedCollector implements StreamObserver<SubscribeAlertsResponse> {

    public final List<SubscribeAlertsResponse> received = new CopyOnWriteArrayList<>();
    public volatile Throwable error;
    private final CountDownLatch ended = new CountDownLatch(1);

    @Override
    public void onNext(SubscribeAlertsResponse value) {
        received.add(value);
    }

    @Override
    public void onError(Throwable t) {
        error = t;
        ended.countDown();
    }

    @Override
    public void onCompleted() {
        ended.countDown();
    }

    /** The alerts and state changes received (heartbeats left out). */
    public List<SubscribeAlertsResponse> entries() {
        return received.stream().filter(r -> !r.hasHeartbeat()).toList();
    }

    /** Waits until the condition holds on what was received; fails after the timeout. */
    public void await(Predicate<FeedCollector> condition, Duration timeout) {
        Await.until(timeout, () -> condition.test(this), () -> "the awaited entries; got " + received + " error " + error);
    }

    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
