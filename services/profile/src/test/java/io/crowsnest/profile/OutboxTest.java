package io.crowsnest.profile;

import static io.crowsnest.profile.Profiles.cookie;
import static io.crowsnest.profile.Profiles.event;
import static io.crowsnest.profile.Profiles.pageView;
import static io.crowsnest.profile.Profiles.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;


import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.Money;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.profile.forwarding.AttributeSnapshots;
import io.crowsnest.profile.forwarding.Forwarding;
import io.crowsnest.profile.client.ScoringClient;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.store.EventStore;
import io.crowsnest.profile.store.OutboxStore;
import io.crowsnest.profile.store.StoredEvent;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.crowsnest.profile.v1.RecordEventResult;
import io.crowsnest.profile.v1.RecordEventsRequest;
import io.crowsnest.scoring.v1.ObserveEventRequest;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The outbox to scoring, against a real gRPC receiver playing scoring: events accepted while it is
 * down or not implemented are delivered once it observes them, redeliveries change nothing in
 * effect, and the outbox drains.
 */
@QuarkusTest
class OutboxTest extends ThroughGrpc {

    static final Duration DELIVERY = Duration.ofSeconds(20);
    /** How long a simulated replica with nothing to forward waits before it looks again. */
    static final Duration IDLE = Duration.ofMillis(20);

    @Inject
    OutboxStore outbox;
    @Inject
    EventStore events;
    @Inject
    ScoringClient scoringClient;
    @Inject
    ProfileConfig config;
    @Inject
    AttributeSnapshots snapshots;

    @Test
    void eventsAcceptedWhileScoringIsDownAreDeliveredOnceItIsBack() {
        scoring.down();
        Identifier cookie = cookie();
        RecordEventRequest purchase = event(EventType.EVENT_TYPE_PURCHASE, Channel.CHANNEL_STORE, Instant.now(), cookie)
                .setAmount(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(4200)).build();
        RecordEventRequest view = pageView(cookie).build();
        RecordEventRequest custom = event(EventType.EVENT_TYPE_CUSTOM, Channel.CHANNEL_MOBILE_APP, Instant.now(),
                cookie).setCustomType("video_play").build();
        List<String> ids = List.of(purchase.getEventId(), view.getEventId(), custom.getEventId());
        String personId = profiles.stub.recordEvent(purchase).getPersonId();
        profiles.stub.recordEvent(view);
        profiles.stub.recordEvent(custom);

        Await.holds(Duration.ofSeconds(1), () -> ids.stream().allMatch(stored::inOutbox)
                && ids.stream().noneMatch(id -> scoring.observed(id) != null),
                "kept in the outbox while scoring is down, none observed");
        double backlog = pendingOnMetrics();
        assertTrue(backlog >= 3, "the backlog shows on /q/metrics: " + backlog);

        scoring.up();
        awaitDelivered(ids);
        assertTrue(pendingOnMetrics() <= backlog - 3, "the backlog drained on /q/metrics");
        ObserveEventRequest observed = scoring.observed(purchase.getEventId());
        assertEquals(personId, observed.getPersonId());
        assertEquals("purchase", observed.getEventType());
        assertEquals(4200, observed.getPurchaseAmount().getAmountMinor());
        assertEquals("page_view", scoring.observed(view.getEventId()).getEventType());
        assertEquals(2, scoring.observed(view.getEventId()).getPageDepth());
        assertEquals("video_play", scoring.observed(custom.getEventId()).getEventType());
    }

    /** crowsnest_profile_outbox_pending as Prometheus scrapes it. */
    private static double pendingOnMetrics() {
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("crowsnest_profile_outbox_pending"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no crowsnest_profile_outbox_pending on /q/metrics"));
    }

    @Test
    void aBurstBeyondWhatTheForwardersHoldInMemoryIsDeliveredWithoutWaitingOutTheLease() {
        // the test profile holds 8 hand-offs; the outbox lease (30 s) is longer than the wait below
        Identifier cookie = cookie();
        RecordEventsRequest.Builder burst = RecordEventsRequest.newBuilder();
        for (int i = 0; i < 40; i++) {
            burst.addEvents(pageView(cookie).setEventId(unique("burst:")));
        }
        List<RecordEventResult> results = profiles.stub.recordEvents(burst.build()).getResultsList();
        assertTrue(results.stream().allMatch(RecordEventResult::hasRecorded));
        awaitDelivered(burst.getEventsList().stream().map(RecordEventRequest::getEventId).toList());
    }

    @Test
    void whileScoringAnswersUnimplementedEventsStayAndAreOfferedAgain() {
        scoring.failWith(Status.UNIMPLEMENTED.withDescription("not yet"));
        List<String> ids = record(3);
        Await.until(DELIVERY, () -> ids.stream().anyMatch(id -> scoring.calls(id) > 0), () -> "scoring was offered one");
        Await.holds(Duration.ofMillis(500), () -> ids.stream().allMatch(stored::inOutbox)
                && ids.stream().noneMatch(id -> scoring.observed(id) != null),
                "events scoring refuses stay in the outbox, none observed");

        scoring.failWith(null);
        awaitDelivered(ids);
    }

    @Test
    void aFailingScoringIsRetriedAndARedeliveryChangesNothingInEffect() {
        scoring.failWith(Status.UNAVAILABLE.withDescription("restarting"));
        List<String> ids = record(2);
        Await.until(DELIVERY, () -> ids.stream().anyMatch(id -> scoring.calls(id) > 0), () -> "a failed attempt");
        scoring.failWith(null);
        awaitDelivered(ids);

        // a replica that died after scoring acknowledged but before deleting the entry: it comes back
        String again = ids.get(0);
        StoredEvent event = events.find(again).orElseThrow();
        assertTrue(outbox.insertNew(event, scoring.observed(again).toByteArray(), Instant.now(), Instant.now()));
        outbox.markApplied(again, Instant.now());
        awaitDelivered(ids);
        assertEquals(2, scoring.accepted(again), "delivered twice, answered duplicate the second time");
        assertEquals(again, scoring.observed(again).getEventId());
    }

    @Test
    void replicasRacingForTheOutboxDeliverEachEventOnce() throws InterruptedException {
        scoring.failWith(Status.UNAVAILABLE);
        List<String> ids = record(60);
        Replicas replicas = new Replicas();
        replicas.start(3, 3);
        try {
            // while scoring fails the events come due again and again: wait until the extra replicas have
            // claimed some (on a busy machine the service's own forwarder may claim the first ones alone)
            Await.until(DELIVERY,
                    () -> replicas.worked.get() > 0 && ids.stream().anyMatch(id -> scoring.calls(id) > 0),
                    () -> "the extra replicas claimed events and offered them to the failing scoring");
            scoring.failWith(null);
            awaitDelivered(ids);
        } finally {
            replicas.stop();
        }
        assertEquals(List.of(), ids.stream().filter(id -> scoring.accepted(id) != 1).toList(),
                "each event acknowledged exactly once");
        assertEquals(0, scoring.concurrentDuplicates());
    }

    @Test
    void aBatchAcceptedWhileScoringIsDownIsDeliveredOnceInBatchesWhenItIsBack() {
        scoring.down();
        List<String> ids = recordBatch(50);
        Await.holds(Duration.ofMillis(500), () -> ids.stream().allMatch(stored::inOutbox),
                "kept in the outbox while scoring is down");

        scoring.up();
        awaitDelivered(ids);
        assertEquals(List.of(), ids.stream().filter(id -> scoring.accepted(id) != 1).toList(), "each exactly once");
        assertTrue(ids.stream().allMatch(scoring::cameInBatch));
        assertTrue(scoring.largestBatchOf(ids) > 1, "several events per ObserveEvents call");
    }

    @Test
    void eachEventOfADeliveredBatchIsSettledFromItsOwnResult() {
        scoring.failWith(Status.UNAVAILABLE.withDescription("restarting"));
        List<String> ids = recordBatch(8);
        String forgotten = ids.get(1);
        String erased = ids.get(2);
        String busy = ids.get(4);
        String missing = ids.get(6);
        scoring.failEvent(forgotten, GrpcErrors.error(Status.Code.FAILED_PRECONDITION, "PERSON_FORGOTTEN",
                "person forgotten"));
        scoring.failEvent(erased, GrpcErrors.error(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND",
                "person erased"));
        scoring.failEvent(busy, Status.UNAVAILABLE.withDescription("merge in progress"));
        scoring.failEvent(missing, GrpcErrors.error(Status.Code.NOT_FOUND, "PLAN_NOT_FOUND", "not the person"));
        Await.until(DELIVERY, () -> ids.stream().anyMatch(id -> scoring.calls(id) > 0), () -> "a failed attempt");
        scoring.failWith(null);

        List<String> refused = List.of(forgotten, erased);
        List<String> retried = List.of(busy, missing);
        List<String> others = ids.stream().filter(id -> !refused.contains(id) && !retried.contains(id)).toList();
        awaitDelivered(others);
        for (String id : refused) {
            Await.until(DELIVERY, () -> !stored.inOutbox(id), () -> "an event of an erased person is dropped");
            assertNull(scoring.observed(id));
        }
        for (String id : retried) {
            Await.until(DELIVERY, () -> scoring.calls(id) > 1, () -> "an event scoring could not take is retried");
            assertTrue(stored.inOutbox(id), "kept while scoring cannot take it");
        }

        retried.forEach(id -> scoring.failEvent(id, (Status) null));
        awaitDelivered(retried);
        refused.forEach(id -> scoring.failEvent(id, (Status) null));
        assertEquals(List.of(), others.stream().filter(id -> scoring.accepted(id) != 1).toList());
    }

    private List<String> recordBatch(int n) {
        Identifier cookie = cookie();
        List<RecordEventRequest> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(pageView(cookie).setEventId(unique("outbox:")).build());
        }
        assertTrue(profiles.stub.recordEvents(RecordEventsRequest.newBuilder().addAllEvents(batch).build())
                .getResultsList().stream().allMatch(RecordEventResult::hasRecorded));
        return batch.stream().map(RecordEventRequest::getEventId).toList();
    }

    private List<String> record(int n) {
        List<String> ids = new ArrayList<>();
        Identifier cookie = cookie();
        for (int i = 0; i < n; i++) {
            RecordEventRequest request = pageView(cookie).setEventId(unique("outbox:")).build();
            profiles.stub.recordEvent(request);
            ids.add(request.getEventId());
        }
        return ids;
    }

    private void awaitDelivered(List<String> ids) {
        Await.until(DELIVERY, () -> scoring.observedAll(ids) && ids.stream().noneMatch(stored::inOutbox),
                () -> "delivered and drained; still in the outbox: " + ids.stream().filter(stored::inOutbox).toList());
    }

    /** Extra replicas of the forwarder on the same MongoDB, each with its own threads and back-off. */
    private final class Replicas {

        private final List<Thread> threads = new ArrayList<>();
        private final AtomicInteger worked = new AtomicInteger();
        private volatile boolean running = true;

        void start(int replicas, int threadsEach) {
            for (int r = 0; r < replicas; r++) {
                Forwarding replica = new Forwarding(outbox, scoringClient, snapshots, config.outbox(),
                        Clock.systemUTC());
                for (int t = 0; t < threadsEach; t++) {
                    Thread thread = new Thread(() -> {
                        while (running) {
                            if (replica.forward()) {
                                worked.incrementAndGet();
                            } else {
                                LockSupport.parkNanos(IDLE.toNanos()); // an idle replica polls again
                            }
                        }
                    });
                    threads.add(thread);
                    thread.start();
                }
            }
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread thread : threads) {
                thread.join(10_000);
            }
        }
    }
}
