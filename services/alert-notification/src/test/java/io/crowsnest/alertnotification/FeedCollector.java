package io.crowsnest.alertnotification;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.crowsnest.alertnotification.v1.SubscribeAlertsResponse;
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
    public void await(Predicate<FeedCollector> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(this)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not received within " + timeout + "; got " + received + " error " + error);
            }
            Thread.sleep(10);
        }
    }

    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
