package io.crowsnest.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import com.google.protobuf.Timestamp;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.PageRequest;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.localstack.testing.GrpcErrorDetails;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.ListEventsRequest;
import io.crowsnest.profile.v1.ListEventsResponse;
import io.crowsnest.profile.v1.ProfileServiceGrpc;
import io.crowsnest.profile.v1.ProfileServiceGrpc.ProfileServiceBlockingStub;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.crowsnest.profile.v1.RecordEventResult;
import io.crowsnest.profile.v1.RecordEventsRequest;
import io.crowsnest.profile.v1.RecordEventsResponse;
import io.crowsnest.scoring.v1.GetScoresRequest;
import io.crowsnest.scoring.v1.ScoringServiceGrpc;
import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.testing.Await;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Collectors sending page views of a fixed set of visitors to profile — some one {@code RecordEvent}
 * per event, one in {@code RecordEvents} batches — each retrying an event under its own event id
 * until profile acknowledges it, as a real collector does. They count what was acknowledged and
 * every refusal (status and reason); afterwards {@link #assertNothingLost} and
 * {@link #assertCountedOnce} hold that against what profile stores and scoring counted.
 */
final class EventCollectors {

    private static final int VISITORS = 40;
    private static final int SINGLE_SENDERS = 3;
    private static final int BATCH = 10;
    private static final Duration EVENT_BUDGET = Duration.ofSeconds(90);
    /**
     * An event whose writer died after its outbox entry (the commit point) is completed by profile's
     * recovery sweep after this long in the suite (1 min in production): see {@link #recoverSooner}.
     */
    static final Duration RECOVER_AFTER = Duration.ofSeconds(10);

    private final ManagedChannel profileChannel;
    private final String prefix;
    private final Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
    private final AtomicLong acks = new AtomicLong();
    private final Retries retries = new Retries();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Future<?>> running = new ArrayList<>();
    private ExecutorService senders;

    /** Collectors of {@code prefix}-named visitors (cookies and event ids), sending to profile. */
    EventCollectors(ManagedChannel profileChannel, String prefix) {
        this.profileChannel = profileChannel;
        this.prefix = prefix;
    }

    /** Stack options with profile's recovery sweep set to {@link #RECOVER_AFTER}. */
    static UnaryOperator<LocalStack.Options> recoverSooner() {
        return o -> o.withExtraEnv(Map.of("CROWSNEST_PROFILE_OUTBOX_RECOVER_AFTER", RECOVER_AFTER.toSeconds() + "S"));
    }

    /** Starts sending. */
    void start() {
        stop.set(false);
        senders = Executors.newFixedThreadPool(SINGLE_SENDERS + 1);
        for (int i = 0; i < SINGLE_SENDERS; i++) {
            running.add(senders.submit(this::sendOneByOne));
        }
        running.add(senders.submit(this::sendBatches));
    }

    /** Stops sending once each collector's event in flight is acknowledged (or its budget is spent). */
    void stop() throws Exception {
        stop.set(true);
        try {
            for (Future<?> f : running) {
                f.get(EVENT_BUDGET.toSeconds() + 30, TimeUnit.SECONDS);
            }
        } finally {
            running.clear();
            senders.shutdownNow();
        }
    }

    long acks() {
        return acks.get();
    }

    long refusals() {
        return retries.count();
    }

    int persons() {
        return acknowledged.size();
    }

    /** Refused calls retried so far, by "STATUS reason", e.g. "UNAVAILABLE MONGODB_UNAVAILABLE". */
    Map<String, Long> refusedBy() {
        return retries.byReason();
    }

    /** Waits (at most 2 minutes) until {@code more} events are acknowledged. */
    void awaitAcks(long more, String when) {
        long target = acks.get() + more;
        Await.until(Duration.ofSeconds(120), () -> acks.get() >= target, more + " more acknowledged events " + when);
    }

    /**
     * Every acknowledged event is listed by profile for its person, allowing profile's recovery sweep
     * its {@link #RECOVER_AFTER} (an event whose writer died after its outbox entry is completed by
     * it). Returns the events profile holds per person.
     */
    Map<String, Integer> assertNothingLost(String mongoUri) {
        ProfileServiceBlockingStub profile = ProfileServiceGrpc.newBlockingStub(profileChannel);
        Map<String, Integer> stored = new TreeMap<>();
        Map<String, List<String>> missing = new TreeMap<>();
        int lostReported = 0;
        Instant giveUp = Instant.now().plus(RECOVER_AFTER.multipliedBy(6));
        do {
            missing.clear();
            stored.clear();
            for (Map.Entry<String, Set<String>> person : acknowledged.entrySet()) {
                Set<String> ids = stored(profile, person.getKey());
                stored.put(person.getKey(), ids.size());
                List<String> gone = person.getValue().stream().filter(id -> !ids.contains(id)).toList();
                if (!gone.isEmpty()) {
                    missing.put(person.getKey(), gone);
                }
            }
            if (!missing.isEmpty()) {
                if (lostReported != missing.size()) {
                    System.out.printf("faults: %d persons still miss acknowledged events, waiting for recovery%n",
                            missing.size());
                    lostReported = missing.size();
                }
                Retries.pause();
            }
        } while (!missing.isEmpty() && Instant.now().isBefore(giveUp));
        List<String> lost = new ArrayList<>();
        missing.forEach((person, ids) -> ids.forEach(id -> lost.add(whereIs(mongoUri, id, person))));
        assertEquals(List.of(), lost, "acknowledged events missing from profile");
        return stored;
    }

    /**
     * Scoring's {@code features.event_count} of each person equals the events profile holds for the
     * person (each counted exactly once), once profile's outbox has caught up (at most 2 minutes).
     */
    static void assertCountedOnce(ManagedChannel scoringChannel, Map<String, Integer> stored) {
        Map<String, Long> counted = new TreeMap<>();
        Instant until = Instant.now().plus(Duration.ofSeconds(120));
        do {
            counted.clear();
            stored.keySet().forEach(p -> counted.put(p, eventCount(scoringChannel, p)));
            if (counted.entrySet().stream().allMatch(e -> e.getValue() >= stored.get(e.getKey()))) {
                break;
            }
            Retries.pause();
        } while (Instant.now().isBefore(until));
        long storedTotal = stored.values().stream().mapToLong(Integer::longValue).sum();
        long countedTotal = counted.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("faults: profile holds %d events, scoring counted %d%n", storedTotal, countedTotal);
        Map<String, String> wrong = new TreeMap<>();
        stored.forEach((p, n) -> {
            if (counted.get(p) != n.longValue()) {
                wrong.put(p, "profile " + n + ", scoring " + counted.get(p));
            }
        });
        assertEquals(Map.of(), wrong, "persons whose events scoring did not count exactly once");
    }

    private Void sendOneByOne() {
        ProfileServiceBlockingStub profile = ProfileServiceGrpc.newBlockingStub(profileChannel);
        while (!stop.get()) {
            RecordEventRequest event = event();
            // null: the event's budget ran out, it is not counted as acknowledged
            String person = retries.untilAnswered(() -> profile.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .recordEvent(event).getPersonId(), EVENT_BUDGET);
            if (person != null) {
                acknowledge(person, event.getEventId());
            }
        }
        return null;
    }

    private Void sendBatches() {
        ProfileServiceBlockingStub profile = ProfileServiceGrpc.newBlockingStub(profileChannel);
        while (!stop.get()) {
            RecordEventsRequest.Builder batch = RecordEventsRequest.newBuilder();
            for (int i = 0; i < BATCH; i++) {
                batch.addEvents(event());
            }
            List<RecordEventRequest> pending = new ArrayList<>(batch.getEventsList());
            Instant giveUp = Instant.now().plus(EVENT_BUDGET);
            while (!pending.isEmpty() && Instant.now().isBefore(giveUp)) {
                RecordEventsRequest request = RecordEventsRequest.newBuilder().addAllEvents(pending).build();
                List<RecordEventRequest> retry = new ArrayList<>();
                try {
                    RecordEventsResponse answer = profile.withDeadlineAfter(10, TimeUnit.SECONDS).recordEvents(request);
                    for (int i = 0; i < answer.getResultsCount(); i++) {
                        RecordEventResult result = answer.getResults(i);
                        if (result.hasRecorded()) {
                            acknowledge(result.getRecorded().getPersonId(), pending.get(i).getEventId());
                        } else if (Retries.retryable(Status.fromCodeValue(result.getError().getCode()).getCode())) {
                            retries.refused(Status.fromCodeValue(result.getError().getCode()).getCode(),
                                    result.getError().getReason());
                            retry.add(pending.get(i));
                        } else {
                            throw new AssertionError("an event was refused for good: " + result.getError());
                        }
                    }
                } catch (StatusRuntimeException e) {
                    if (!Retries.retryable(e.getStatus().getCode())) {
                        throw e;
                    }
                    retries.refused(e.getStatus().getCode(), GrpcErrorDetails.reason(e));
                    retry = pending;
                }
                pending = retry;
                if (!pending.isEmpty()) {
                    Retries.pause();
                }
            }
        }
        return null;
    }

    private void acknowledge(String person, String eventId) {
        acknowledged.computeIfAbsent(person, p -> ConcurrentHashMap.newKeySet()).add(eventId);
        acks.incrementAndGet();
    }

    private RecordEventRequest event() {
        int visitor = ThreadLocalRandom.current().nextInt(VISITORS);
        Instant now = Instant.now();
        return RecordEventRequest.newBuilder().setEventId(prefix + ":" + UUID.randomUUID())
                .addIdentifiers(Identifier.newBuilder().setType("cookie").setValue(prefix + "-ck-" + visitor))
                .setType(EventType.EVENT_TYPE_PAGE_VIEW).setChannel(Channel.CHANNEL_WEB)
                .setOccurredAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .setSource("fault-suite").setSessionId("s-" + visitor).build();
    }

    private static Set<String> stored(ProfileServiceBlockingStub profile, String personId) {
        Set<String> ids = new HashSet<>();
        String token = "";
        do {
            ListEventsResponse page = profile.withDeadlineAfter(30, TimeUnit.SECONDS).listEvents(ListEventsRequest
                    .newBuilder().setPerson(PersonRef.newBuilder().setPersonId(personId))
                    .setPage(PageRequest.newBuilder().setPageSize(500).setPageToken(token)).build());
            page.getEventsList().forEach(e -> ids.add(e.getEventId()));
            token = page.getPage().getNextPageToken();
        } while (!token.isEmpty());
        return ids;
    }

    /** What profile's own collection holds for an event the API did not list for the person. */
    private static String whereIs(String mongoUri, String eventId, String person) {
        try (com.mongodb.client.MongoClient mongo = com.mongodb.client.MongoClients.create(mongoUri)) {
            org.bson.Document stored = mongo.getDatabase("profile").getCollection("events")
                    .find(com.mongodb.client.model.Filters.eq("_id", eventId)).first();
            return eventId + " acknowledged for " + person + ", stored as " + (stored == null ? "nothing" : stored.toJson());
        }
    }

    /** The events scoring counted for the person: 0 while none of them has reached it (NOT_FOUND). */
    private static long eventCount(ManagedChannel scoringChannel, String personId) {
        try {
            return ScoringServiceGrpc.newBlockingStub(scoringChannel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getScores(GetScoresRequest.newBuilder().setPerson(PersonRef.newBuilder().setPersonId(personId))
                            .build()).getScores().getFeatures().getEventCount();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return 0;
            }
            throw e;
        }
    }
}
