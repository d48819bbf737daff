package io.crowsnest.profile.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
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

import io.crowsnest.profile.client.IdentityClient;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.store.OutboxStore;

/**
 * RecordEvents: every checked event of the batch gets the answer or error RecordEvent would give it, but
 * the batch is recorded together: the ids recorded before are read at once, identity resolves the
 * others in one ResolvePersons call, and each store step (outbox entries, events, activities,
 * applied marks) is one round trip for all of them, in RecordEvent's crash-safe order (an identity
 * without ResolvePersons resolves each event with ResolvePerson, a few at a time). Once identity or the database turns out to be unreachable, the events not answered yet get that
 * error at once rather than each waiting out its own retries. A thread interrupted while waiting for
 * the others ends the batch with a CancellationException (answered CANCELLED).
 */
@ApplicationScoped
public class RecordEventBatchService {

    @Inject
    ProfileConfig config;
    @Inject
    RecordEventService events;
    @Inject
    Clock clock;
    @Inject
    EventRecorder recorder;
    @Inject
    IdentityClient identity;

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

    /** An event's answer, or the failure the adapter maps as RecordEvent would. */
    public record Outcome(RecordEventService.Result recorded, RuntimeException failure) {

        static Outcome of(RecordEventService.Result recorded) {
            return new Outcome(recorded, null);
        }

        static Outcome failed(RuntimeException failure) {
            return new Outcome(null, failure);
        }
    }

    /** Records events the adapter checked at {@code now}; one outcome per event, in order. */
    public List<Outcome> record(List<RecordEventService.Submitted> events, Instant now) {
        int count = events.size();
        Outcome[] results = new Outcome[count];
        Map<String, String> hashes = new LinkedHashMap<>();
        List<Integer> candidates = new ArrayList<>();
        List<Integer> repeated = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RecordEventService.Submitted event = events.get(i);
            if (hashes.containsKey(event.eventId())) {
                repeated.add(i);
            } else {
                hashes.put(event.eventId(), event.hash());
                candidates.add(i);
            }
        }
        RuntimeException outage = null;
        try {
            if (!candidates.isEmpty()) {
                together(events, candidates, hashes, now, results);
            }
        } catch (RuntimeException e) {
            // identity or the store failed the whole step: every event not answered yet gets its error
            outage = e;
            for (int i : candidates) {
                if (results[i] == null) {
                    results[i] = Outcome.failed(outage);
                }
            }
        }
        // an id given twice in one batch: the later ones are answered as a retry of the first is
        for (int i : repeated) {
            results[i] = outage != null ? Outcome.failed(outage) : recordOne(events.get(i));
        }
        return List.of(results);
    }

    /**
     * Records the candidates together: the ids recorded before, then one ResolvePersons for the
     * others (ResolvePerson for each, a few at a time, from an identity without it), then each store
     * step for all of them at once.
     */
    private void together(List<RecordEventService.Submitted> events, List<Integer> candidates, Map<String, String> hashes,
            Instant now, Outcome[] results) {
        Map<String, EventRecorder.Outcome> known = recorder.knownAll(hashes);
        List<Integer> fresh = new ArrayList<>();
        for (int i : candidates) {
            EventRecorder.Outcome outcome = known.get(events.get(i).eventId());
            if (outcome == null) {
                fresh.add(i);
            } else {
                results[i] = outcome.refused() != null ? Outcome.failed(outcome.refused())
                        : Outcome.of(RecordEventService.result(outcome.recorded(), false, false));
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        List<IdentityClient.ResolveAsk> asks = fresh.stream().map(i -> RecordEventService.ask(events.get(i))).toList();
        List<IdentityClient.Resolution> resolved = identity.resolveAll(asks, RecordEventService::requestPath)
                .orElseGet(() -> resolveEach(asks));
        List<Integer> accepted = new ArrayList<>();
        List<IdentityClient.Resolved> persons = new ArrayList<>();
        List<OutboxStore.NewEntry> entries = new ArrayList<>();
        for (int k = 0; k < fresh.size(); k++) {
            int i = fresh.get(k);
            RecordEventService.Submitted event = events.get(i);
            IdentityClient.Resolution resolution = resolved.get(k);
            if (resolution.error() != null) {
                results[i] = Outcome.failed(resolution.error());
                continue;
            }
            accepted.add(i);
            persons.add(resolution.response());
            entries.add(this.events.entry(event, resolution.response(), now));
        }
        if (entries.isEmpty()) {
            return;
        }
        List<EventRecorder.Outcome> outcomes = recorder.recordAll(entries, now);
        for (int k = 0; k < accepted.size(); k++) {
            EventRecorder.Outcome outcome = outcomes.get(k);
            results[accepted.get(k)] = outcome.refused() != null ? Outcome.failed(outcome.refused())
                    : Outcome.of(RecordEventService.result(outcome.recorded(), persons.get(k)));
        }
    }

    /**
     * ResolvePerson for each request, a few at a time; once identity turns out to be unreachable,
     * the requests not started yet get that error at once.
     */
    private List<IdentityClient.Resolution> resolveEach(List<IdentityClient.ResolveAsk> asks) {
        int count = asks.size();
        IdentityClient.Resolution[] out = new IdentityClient.Resolution[count];
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(count);
        AtomicReference<RuntimeException> outage = new AtomicReference<>();
        Runnable lane = () -> {
            for (int n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) {
                try {
                    RuntimeException known = outage.get();
                    out[n] = known != null ? new IdentityClient.Resolution(null, known) : resolveOne(asks.get(n));
                    if (out[n].error() != null && IdentityClient.unreachable(out[n].error())) {
                        outage.compareAndSet(null, out[n].error());
                    }
                } finally {
                    done.countDown();
                }
            }
        };
        // helpers still queued when every request is taken find nothing left and end at once
        for (int n = 1; n < Math.min(count, config.batchConcurrency()); n++) {
            workers.execute(lane);
        }
        lane.run();
        awaitAll(done, next, count);
        return List.of(out);
    }

    private IdentityClient.Resolution resolveOne(IdentityClient.ResolveAsk ask) {
        try {
            return new IdentityClient.Resolution(identity.resolve(ask, RecordEventService::requestPath), null);
        } catch (RuntimeException e) {
            return new IdentityClient.Resolution(null, e);
        }
    }

    private Outcome recordOne(RecordEventService.Submitted event) {
        try {
            return Outcome.of(events.record(event, clock.instant()));
        } catch (RuntimeException e) {
            return Outcome.failed(e);
        }
    }

    private static void awaitAll(CountDownLatch done, AtomicInteger next, int count) {
        try {
            done.await();
        } catch (InterruptedException e) {
            next.set(count);
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while recording the batch; events not answered "
                    + "may or may not be recorded, retry them with the same event ids");
        }
    }
}
