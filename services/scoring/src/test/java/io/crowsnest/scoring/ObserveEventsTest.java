package io.crowsnest.scoring;

import static io.crowsnest.scoring.Scoring.error;
import static io.crowsnest.scoring.Scoring.event;
import static io.crowsnest.scoring.Scoring.fields;
import static io.crowsnest.scoring.Scoring.key;
import static io.crowsnest.scoring.Scoring.reason;
import static io.crowsnest.scoring.Scoring.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Value;

import io.crowsnest.common.v1.ItemError;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.platform.grpc.ItemErrors;
import io.crowsnest.scoring.v1.ForgetPersonRequest;
import io.crowsnest.scoring.v1.GetScoresRequest;
import io.crowsnest.scoring.v1.ObserveEventRequest;
import io.crowsnest.scoring.v1.ObserveEventResponse;
import io.crowsnest.scoring.v1.ObserveEventResult;
import io.crowsnest.scoring.v1.ObserveEventsRequest;
import io.crowsnest.scoring.v1.PersonScores;
import io.crowsnest.scoring.v1.SegmentTransition;
import io.crowsnest.scoring.v1.SegmentTransitionType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/** ObserveEvents through real gRPC against real Redis and MongoDB, compared with ObserveEvent. */
@QuarkusTest
@TestProfile(Stores.class)
class ObserveEventsTest extends WithScoringClient {

    @Inject
    UnifiedJedis redis;

    private List<ObserveEventResult> observeAll(List<ObserveEventRequest> events) {
        return scoring.stub.observeEvents(ObserveEventsRequest.newBuilder().addAllEvents(events).build())
                .getResultsList();
    }

    /** What ObserveEvent answers for the event, as a batch result. */
    private ObserveEventResult single(ObserveEventRequest event) {
        try {
            return ObserveEventResult.newBuilder().setObserved(scoring.observe(event)).build();
        } catch (StatusRuntimeException e) {
            return ObserveEventResult.newBuilder().setError(ItemErrors.of(e)).build();
        }
    }

    private PersonScores scoresOf(String personId) {
        return scoring.stub.getScores(GetScoresRequest.newBuilder()
                .setPerson(PersonRef.newBuilder().setPersonId(personId)).build()).getScores();
    }

    private static double value(PersonScores scores, String score) {
        return scores.getScoresList().stream().filter(s -> s.getName().equals(score)).findFirst().orElseThrow()
                .getValue();
    }

    private static List<String> segments(PersonScores scores, String systemId) {
        return scores.getMembershipsList().stream().filter(m -> m.getSystemId().equals(systemId))
                .flatMap(m -> m.getSegmentsList().stream()).map(s -> s.getSegmentId()).toList();
    }

    /** The answer without what differs between twin persons observed at other instants. */
    private static ObserveEventResponse comparable(ObserveEventResponse response) {
        ObserveEventResponse.Builder out = response.toBuilder().clearPersonId().clearProcessedAt().clearTransitions();
        for (SegmentTransition t : response.getTransitionsList()) {
            out.addTransitions(t.toBuilder().clearOffset().clearPersonId().clearEventId().clearOccurredAt());
        }
        return out.build();
    }

    private String forgottenPerson() {
        String person = unique("person-");
        scoring.observe(event(person, "page_view", Instant.now()));
        scoring.stub.forgetPerson(ForgetPersonRequest.newBuilder().setPersonId(person)
                .setReason(Reason.newBuilder().setCode("GDPR_ERASURE").setMessage("request #4712"))
                .setRequestingSystem("privacy-desk").setIdempotencyKey(key()).build());
        return person;
    }

    @Test
    void aMixedBatchAnswersEachEventAsObserveEventWouldInRequestOrder() throws Exception {
        String[] s = scoring.scoredSegment(20); // {score, type, system, segment}: 10 points per event
        String a = unique("person-");
        String b = unique("person-");
        String c = unique("person-");
        ObserveEventRequest earlier = event(c, s[1], Instant.now());
        ObserveEventResponse earlierAnswer = scoring.observe(earlier);
        String forgotten = forgottenPerson();
        List<ObserveEventRequest> batch = List.of(
                event(a, s[1], Instant.now()),
                event(b, s[1], Instant.now()),
                event(a, s[1], Instant.now()).toBuilder().clearEventType().build(),
                event(a, s[1], Instant.now()),
                earlier.toBuilder().setPersonId(b).build(),
                earlier,
                event(forgotten, s[1], Instant.now()));

        List<ObserveEventResult> results = observeAll(batch);

        assertEquals(batch.size(), results.size());
        ObserveEventResponse a1 = results.get(0).getObserved();
        ObserveEventResponse a2 = results.get(3).getObserved();
        assertEquals(a, a1.getPersonId());
        assertEquals(10, a1.getScoresAfterOrThrow(s[0]), 1e-9);
        assertEquals(List.of(), a1.getTransitionsList());
        // the second event of a is applied after the first: it crosses the threshold of 20
        assertEquals(20, a2.getScoresAfterOrThrow(s[0]), 1e-9);
        assertEquals(1, a2.getTransitionsCount());
        assertEquals(SegmentTransitionType.SEGMENT_TRANSITION_TYPE_ENTERED, a2.getTransitions(0).getType());
        assertEquals(batch.get(3).getEventId(), a2.getTransitions(0).getEventId());
        assertEquals(b, results.get(1).getObserved().getPersonId());
        assertEquals(10, results.get(1).getObserved().getScoresAfterOrThrow(s[0]), 1e-9);

        ItemError invalid = results.get(2).getError();
        assertEquals(Status.Code.INVALID_ARGUMENT.value(), invalid.getCode());
        assertEquals("event_type", invalid.getFieldViolations(0).getField());
        ItemError reused = results.get(4).getError();
        assertEquals(Status.Code.ALREADY_EXISTS.value(), reused.getCode());
        assertEquals("EVENT_ID_REUSED", reused.getReason());
        assertEquals(earlierAnswer.toBuilder().setDuplicate(true).build(), results.get(5).getObserved());
        ItemError gone = results.get(6).getError();
        assertEquals(Status.Code.NOT_FOUND.value(), gone.getCode());
        assertEquals("PERSON_NOT_FOUND", gone.getReason());

        // each refused or repeated event gets exactly what ObserveEvent answers for it
        for (int i : List.of(2, 4, 5, 6)) {
            assertEquals(single(batch.get(i)), results.get(i), "event " + i);
        }
        // twins observed one call per event end where the batch's persons end
        String a2nd = unique("person-");
        String b2nd = unique("person-");
        List<ObserveEventResponse> twins = List.of(scoring.observe(event(a2nd, s[1], Instant.now())),
                scoring.observe(event(b2nd, s[1], Instant.now())), scoring.observe(event(a2nd, s[1], Instant.now())));
        assertEquals(comparable(twins.get(0)), comparable(a1));
        assertEquals(comparable(twins.get(1)), comparable(results.get(1).getObserved()));
        assertEquals(comparable(twins.get(2)), comparable(a2));
        assertEquals(value(scoresOf(a2nd), s[0]), value(scoresOf(a), s[0]), 1e-9);
        assertEquals(value(scoresOf(b2nd), s[0]), value(scoresOf(b), s[0]), 1e-9);
        assertEquals(10, value(scoresOf(c), s[0]), 1e-9);
        assertEquals(List.of(s[3]), segments(scoresOf(a), s[2]));
        assertEquals(segments(scoresOf(b2nd), s[2]), segments(scoresOf(b), s[2]));
    }

    /**
     * A batch's group takes its persons' evaluation leases in one round trip. It waits for a person
     * whose lease another evaluation holds only once it holds none itself: the group's other
     * evaluations are stored (their leases given back) first. So two batches naming the same persons
     * in opposite orders never wait for each other's leases — a wait only the leases' expiry (5 s)
     * would end. Here the test itself holds p's lease, as another evaluation would, until it sees
     * q's evaluation stored.
     */
    @Test
    void aBatchStoresItsOtherEvaluationsBeforeWaitingForAPersonWhoseLeaseIsHeldElsewhere() throws Exception {
        String[] s = scoring.scoredSegment(5); // {score, type, system, segment}: 10 points per event
        String p = unique("person-");
        String q = unique("person-");
        scoring.observe(event(p, s[1], Instant.now()));
        scoring.observe(event(q, "page_view", Instant.now())); // known, no points
        String lease = "sc:{" + p + "}:l";
        redis.set(lease, "another-evaluation", SetParams.setParams().px(60_000));
        CompletableFuture<List<ObserveEventResult>> batch = CompletableFuture.supplyAsync(() -> observeAll(
                List.of(event(p, s[1], Instant.now()), event(q, s[1], Instant.now()))));
        try {
            Await.until(Duration.ofSeconds(30), () -> segments(scoresOf(q), s[2]).contains(s[3]),
                    "q evaluated and stored while p's lease is held elsewhere");
            assertFalse(batch.isDone(), "the batch still waits for p");
        } finally {
            redis.del(lease);
        }
        List<ObserveEventResult> results = batch.get(30, TimeUnit.SECONDS);
        assertEquals(List.of(p, q), results.stream().map(r -> r.getObserved().getPersonId()).toList(),
                results.toString());
        assertEquals(20, results.get(0).getObserved().getScoresAfterOrThrow(s[0]), 1e-9);
        assertEquals(SegmentTransitionType.SEGMENT_TRANSITION_TYPE_ENTERED,
                results.get(1).getObserved().getTransitions(0).getType());
        assertEquals(List.of(s[3]), segments(scoresOf(p), s[2]));
    }

    @Test
    void theSameBatchAgainAnswersDuplicatesAndChangesNothing() throws Exception {
        String[] s = scoring.scoredSegment(20);
        String a = unique("person-");
        String b = unique("person-");
        List<ObserveEventRequest> batch = List.of(event(a, s[1], Instant.now()), event(b, s[1], Instant.now()),
                event(a, s[1], Instant.now()), event(b, s[1], Instant.now()).toBuilder().setPageDepth(-1).build());
        List<ObserveEventResult> first = observeAll(batch);
        List<ObserveEventResult> again = observeAll(batch);

        for (int i : List.of(0, 1, 2)) {
            assertFalse(first.get(i).getObserved().getDuplicate(), "event " + i);
            assertEquals(first.get(i).getObserved().toBuilder().setDuplicate(true).build(),
                    again.get(i).getObserved(), "event " + i);
        }
        assertEquals(first.get(3), again.get(3));
        assertEquals("page_depth", again.get(3).getError().getFieldViolations(0).getField());
        assertEquals(20, value(scoresOf(a), s[0]), 1e-9);
        assertEquals(10, value(scoresOf(b), s[0]), 1e-9);
        assertEquals(List.of(s[3]), segments(scoresOf(a), s[2]));
    }

    @Test
    void anEmptyBatchOrOneOver500IsRefusedAndNothingIsObserved() {
        StatusRuntimeException empty = error(() -> scoring.stub.observeEvents(ObserveEventsRequest.getDefaultInstance()));
        assertEquals(Status.Code.INVALID_ARGUMENT, empty.getStatus().getCode());
        assertEquals(List.of("events"), fields(empty));

        String person = unique("person-");
        List<ObserveEventRequest> events = IntStream.range(0, 501).mapToObj(i -> event(person, "page_view",
                Instant.now())).toList();
        StatusRuntimeException tooMany = error(() -> observeAll(events));
        assertEquals(Status.Code.INVALID_ARGUMENT, tooMany.getStatus().getCode());
        assertEquals(List.of("events"), fields(tooMany));
        StatusRuntimeException unknown = error(() -> scoresOf(person));
        assertEquals("PERSON_NOT_FOUND", reason(unknown));

        List<ObserveEventResult> full = observeAll(events.subList(0, 500));
        assertEquals(500, full.size());
        assertTrue(full.stream().allMatch(r -> r.hasObserved() && !r.getObserved().getDuplicate()));
        assertFalse(scoring.observe(events.get(500)).getDuplicate());
    }

    @Test
    void aBatchOverTheMaxInboundMessageSizeIsRefusedWhole() {
        String person = unique("person-");
        Value text = Value.newBuilder().setStringValue("x".repeat(4_000)).build();
        List<ObserveEventRequest> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ObserveEventRequest.Builder e = event(person, "page_view", Instant.now()).toBuilder();
            IntStream.range(0, 64).forEach(k -> e.putProperties("p" + k, text));
            events.add(e.build()); // about 257 KB each, 5.1 MB in all: over the 4 MiB default
        }
        StatusRuntimeException tooLarge = error(() -> observeAll(events));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, tooLarge.getStatus().getCode());
        assertEquals("PERSON_NOT_FOUND", reason(error(() -> scoresOf(person))));
        // the same events in a smaller batch (about 3.1 MB) fit
        assertTrue(observeAll(events.subList(0, 12)).stream().allMatch(ObserveEventResult::hasObserved));
    }
}
