package io.crowsnest.profile.api;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.ItemError;
import io.crowsnest.platform.grpc.Calls;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.ItemErrors;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.crowsnest.profile.v1.RecordEventResult;
import io.crowsnest.profile.v1.RecordEventsRequest;
import io.crowsnest.profile.v1.RecordEventsResponse;
import io.grpc.Status;

/**
 * RecordEvents: every event of the batch goes through RecordEvent's path on its own, a few at a
 * time, and its answer or error becomes its result. Once identity or the database turns out to be
 * unreachable, the events not started yet are answered with that error at once rather than each
 * waiting out its own retries.
 */
@ApplicationScoped
public class EventBatchDesk {

    static final int MAX_EVENTS = 500;
    private static final Set<String> OUTAGES = Set.of("IDENTITY_UNAVAILABLE", "MONGODB_UNAVAILABLE");

    @Inject
    ProfileConfig config;
    @Inject
    EventDesk events;

    private ExecutorService workers;

    @PostConstruct
    void start() {
        AtomicInteger created = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(config.batchThreads(), config.batchThreads(), 60,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "record-events-" + created.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        workers = pool;
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    public RecordEventsResponse record(RecordEventsRequest request) {
        int count = request.getEventsCount();
        if (count == 0 || count > MAX_EVENTS) {
            throw GrpcErrors.invalid("events", "must hold 1 to " + MAX_EVENTS + " events, not " + count);
        }
        RecordEventResult[] results = new RecordEventResult[count];
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(count);
        AtomicReference<ItemError> outage = new AtomicReference<>();
        Runnable lane = () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                try {
                    ItemError known = outage.get();
                    results[i] = known != null ? RecordEventResult.newBuilder().setError(known).build()
                            : recordOne(request.getEvents(i));
                    if (results[i].hasError() && OUTAGES.contains(results[i].getError().getReason())) {
                        outage.compareAndSet(null, results[i].getError());
                    }
                } finally {
                    done.countDown();
                }
            }
        };
        // helpers still queued when every event is taken find nothing left and end at once
        for (int i = 1; i < Math.min(count, config.batchConcurrency()); i++) {
            workers.execute(lane);
        }
        lane.run();
        awaitAll(done, next, count);
        for (RecordEventResult result : results) {
            if (result == null) {
                throw new IllegalStateException("an event of the batch was left without a result");
            }
        }
        return RecordEventsResponse.newBuilder().addAllResults(List.of(results)).build();
    }

    private RecordEventResult recordOne(RecordEventRequest event) {
        try {
            return RecordEventResult.newBuilder().setRecorded(events.record(event)).build();
        } catch (RuntimeException e) {
            // through Calls first, as RecordEvent's failures are: an unreachable store is UNAVAILABLE
            return RecordEventResult.newBuilder().setError(ItemErrors.of(Calls.status(e))).build();
        }
    }

    private static void awaitAll(CountDownLatch done, AtomicInteger next, int count) {
        try {
            done.await();
        } catch (InterruptedException e) {
            next.set(count);
            Thread.currentThread().interrupt();
            throw Status.CANCELLED.withDescription("interrupted while recording the batch; events not answered "
                    + "may or may not be recorded, retry them with the same event ids").asRuntimeException();
        }
    }
}
