package io.crowsnest.profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.crowsnest.localstack.testing.FreePort;
import io.crowsnest.platform.grpc.ItemErrors;
import io.crowsnest.scoring.v1.ObserveAttributesRequest;
import io.crowsnest.scoring.v1.ObserveAttributesResponse;
import io.crowsnest.scoring.v1.ObserveEventRequest;
import io.crowsnest.scoring.v1.ObserveEventResponse;
import io.crowsnest.scoring.v1.ObserveEventResult;
import io.crowsnest.scoring.v1.ObserveEventsRequest;
import io.crowsnest.scoring.v1.ObserveEventsResponse;
import io.crowsnest.scoring.v1.ScoringServiceGrpc;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Plays scoring for profile's tests: a real gRPC server on a free port serving ObserveEvent,
 * ObserveEvents (each event as ObserveEvent) and ObserveAttributes the way the contract says (idempotent by event id: a redelivered event is a
 * duplicate and changes nothing; an attribute snapshot counts only when its version is newer), which
 * records what it receives and can be taken down or made to answer an error.
 */
public class ScoringReceiver implements QuarkusTestResourceLifecycleManager {

    private Receiver receiver;

    @Override
    public Map<String, String> start() {
        receiver = new Receiver(FreePort.pick());
        receiver.up();
        return Map.of("crowsnest.scoring.host", "127.0.0.1", "crowsnest.scoring.port", Integer.toString(receiver.port));
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(receiver, new TestInjector.MatchesType(Receiver.class));
    }

    @Override
    public void stop() {
        receiver.down();
    }

    /** The fake scoring service, as tests control it. */
    public static final class Receiver extends ScoringServiceGrpc.ScoringServiceImplBase {

        private final int port;
        private final Map<String, ObserveEventRequest> observed = new ConcurrentHashMap<>();
        private final Map<String, ObserveAttributesRequest> attributes = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
        private final AtomicInteger concurrentDuplicates = new AtomicInteger();
        private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();
        private final Map<String, StatusRuntimeException> eventFailures = new ConcurrentHashMap<>();
        private final Set<String> inBatch = ConcurrentHashMap.newKeySet();
        private final Queue<List<String>> batches = new ConcurrentLinkedQueue<>();
        private volatile Status failure;
        private Server server;

        Receiver(int port) {
            this.port = port;
        }

        /** Serves (again) on its port. */
        public synchronized void up() {
            if (server != null) {
                return;
            }
            try {
                server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)).addService(this)
                        .build().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Stops listening: calls fail as a crashed scoring makes them fail (UNAVAILABLE). */
        public synchronized void down() {
            if (server != null) {
                server.shutdownNow();
                try {
                    server.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                server = null;
            }
        }

        /** Answers every call with this status (e.g. UNIMPLEMENTED); null to accept again. */
        public void failWith(Status status) {
            failure = status;
        }

        /** Answers this event, alone or in a batch (as its item error), with this status; null to accept it again. */
        public void failEvent(String eventId, Status status) {
            failEvent(eventId, status == null ? null : status.asRuntimeException());
        }

        /** Answers this event with this error, details (ErrorInfo reason) included; null to accept it again. */
        public void failEvent(String eventId, StatusRuntimeException error) {
            if (error == null) {
                eventFailures.remove(eventId);
            } else {
                eventFailures.put(eventId, error);
            }
        }

        @Override
        public void observeEvent(ObserveEventRequest request, StreamObserver<ObserveEventResponse> response) {
            Status failing = failure;
            if (failing != null) {
                calls.computeIfAbsent(request.getEventId(), id -> new AtomicInteger()).incrementAndGet();
                response.onError(failing.asRuntimeException());
                return;
            }
            try {
                response.onNext(observe(request));
                response.onCompleted();
            } catch (StatusRuntimeException e) {
                response.onError(e);
            }
        }

        @Override
        public void observeEvents(ObserveEventsRequest request, StreamObserver<ObserveEventsResponse> response) {
            Status failing = failure;
            if (failing != null) {
                request.getEventsList().forEach(
                        e -> calls.computeIfAbsent(e.getEventId(), id -> new AtomicInteger()).incrementAndGet());
                response.onError(failing.asRuntimeException());
                return;
            }
            batches.add(request.getEventsList().stream().map(ObserveEventRequest::getEventId).toList());
            ObserveEventsResponse.Builder answer = ObserveEventsResponse.newBuilder();
            for (ObserveEventRequest event : request.getEventsList()) {
                inBatch.add(event.getEventId());
                try {
                    answer.addResults(ObserveEventResult.newBuilder().setObserved(observe(event)));
                } catch (StatusRuntimeException e) {
                    answer.addResults(ObserveEventResult.newBuilder().setError(ItemErrors.of(e)));
                }
            }
            response.onNext(answer.build());
            response.onCompleted();
        }

        /** One event, as ObserveEvent answers it; an event told to fail throws its status. */
        private ObserveEventResponse observe(ObserveEventRequest request) {
            calls.computeIfAbsent(request.getEventId(), id -> new AtomicInteger()).incrementAndGet();
            StatusRuntimeException refusal = eventFailures.get(request.getEventId());
            if (refusal != null) {
                throw new StatusRuntimeException(refusal.getStatus(), refusal.getTrailers());
            }
            if (inFlight.putIfAbsent(request.getEventId(), true) != null) {
                concurrentDuplicates.incrementAndGet();
            }
            accepted.computeIfAbsent(request.getEventId(), id -> new AtomicInteger()).incrementAndGet();
            try {
                boolean duplicate = observed.putIfAbsent(request.getEventId(), request) != null;
                return ObserveEventResponse.newBuilder().setPersonId(request.getPersonId()).setDuplicate(duplicate)
                        .build();
            } finally {
                inFlight.remove(request.getEventId());
            }
        }

        @Override
        public void observeAttributes(ObserveAttributesRequest request,
                StreamObserver<ObserveAttributesResponse> response) {
            Status failing = failure;
            if (failing != null) {
                response.onError(failing.asRuntimeException());
                return;
            }
            ObserveAttributesRequest held = attributes.merge(request.getPersonId(), request,
                    (before, pushed) -> pushed.getVersion() > before.getVersion() ? pushed : before);
            response.onNext(ObserveAttributesResponse.newBuilder().setPersonId(request.getPersonId())
                    .setApplied(held == request).setStoredVersion(held.getVersion()).build());
            response.onCompleted();
        }

        /** The newest attribute snapshot received for the person (by version), or null. */
        public ObserveAttributesRequest attributes(String personId) {
            return attributes.get(personId);
        }

        /** The event as first observed, or null. */
        public ObserveEventRequest observed(String eventId) {
            return observed.get(eventId);
        }

        /** How many times the event arrived (alone or in a batch), failed attempts included. */
        public int calls(String eventId) {
            AtomicInteger n = calls.get(eventId);
            return n == null ? 0 : n.get();
        }

        /** How many calls for the event were answered OK (a redelivery is answered OK as a duplicate). */
        public int accepted(String eventId) {
            AtomicInteger n = accepted.get(eventId);
            return n == null ? 0 : n.get();
        }

        /** Deliveries of one event that overlapped another delivery of the same event. */
        public int concurrentDuplicates() {
            return concurrentDuplicates.get();
        }

        /** Whether the event arrived in an ObserveEvents call (accepted or not). */
        public boolean cameInBatch(String eventId) {
            return inBatch.contains(eventId);
        }

        /** The most of these events that one ObserveEvents call held. */
        public int largestBatchOf(Collection<String> eventIds) {
            return batches.stream().mapToInt(batch -> (int) batch.stream().filter(eventIds::contains).count()).max()
                    .orElse(0);
        }

        public boolean observedAll(List<String> eventIds) {
            return eventIds.stream().allMatch(observed::containsKey);
        }
    }
}
