package io.crowsnest.scoring;

import static com.mongodb.client.model.Filters.eq;
import static io.crowsnest.scoring.Scoring.error;
import static io.crowsnest.scoring.Scoring.event;
import static io.crowsnest.scoring.Scoring.ofType;
import static io.crowsnest.scoring.Scoring.reason;
import static io.crowsnest.scoring.Scoring.score;
import static io.crowsnest.scoring.Scoring.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Value;
import com.mongodb.client.MongoDatabase;

import io.crowsnest.common.v1.Money;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.identity.v1.IdentityChange;
import io.crowsnest.identity.v1.IdentityChangeType;
import io.crowsnest.identity.v1.PersonForgotten;
import io.crowsnest.identity.v1.PersonsMerged;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.scoring.v1.ForgetPersonRequest;
import io.crowsnest.scoring.v1.GetScoresRequest;
import io.crowsnest.scoring.v1.GetSegmentRequest;
import io.crowsnest.scoring.v1.ObserveAttributesRequest;
import io.crowsnest.scoring.v1.ObserveAttributesResponse;
import io.crowsnest.scoring.v1.ObserveEventRequest;
import io.crowsnest.scoring.v1.ObserveEventResult;
import io.crowsnest.scoring.v1.ObserveEventsRequest;
import io.crowsnest.scoring.v1.PersonScores;
import io.crowsnest.scoring.v1.ScorePoints;
import io.crowsnest.scoring.v1.ScoreValue;
import io.crowsnest.scoring.v1.ScoringPlan;
import io.crowsnest.scoring.v1.ScoringRule;
import io.crowsnest.scoring.v1.SegmentTransitionType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Identity's change stream, followed through the platform follower from the identity stand-in's
 * real gRPC server stream: MERGED combines, FORGOTTEN erases, a change applied twice changes
 * nothing more.
 */
@QuarkusTest
@TestProfile(FollowingIdentity.class)
class IdentityChangesTest extends WithScoringClient {

    /** Offsets above any a previous run stored (the follower resumes after its stored offset). */
    private static final AtomicLong OFFSET = new AtomicLong(System.currentTimeMillis() * 1000);

    @Inject
    MongoDatabase database;

    /** Pushes a change on identity's stream and waits until scoring's follower has applied it. */
    private void deliver(IdentityChange.Builder change) throws InterruptedException {
        long offset = OFFSET.incrementAndGet();
        IdentityStub.push(change.setOffset(offset).build());
        Await.until(Duration.ofSeconds(30), () -> applied() >= offset, "identity change " + offset + " applied");
    }

    private long applied() {
        Document doc = database.getCollection("identity_stream_offsets").find(eq("_id", "scoring")).first();
        return doc == null ? 0 : doc.get("offset", Number.class).longValue();
    }

    private static IdentityChange.Builder merged(String mergeId, String merged, String survivor) {
        return IdentityChange.newBuilder().setType(IdentityChangeType.IDENTITY_CHANGE_TYPE_MERGED)
                .setMerged(PersonsMerged.newBuilder().setMergeId(mergeId).setMergedPersonId(merged)
                        .setSurvivorPersonId(survivor));
    }

    private PersonScores scores(String personId) {
        return scoring.stub.getScores(GetScoresRequest.newBuilder()
                .setPerson(PersonRef.newBuilder().setPersonId(personId)).build()).getScores();
    }

    private static Map<String, Double> values(PersonScores scores) {
        return scores.getScoresList().stream().collect(Collectors.toMap(ScoreValue::getName, ScoreValue::getValue));
    }

    private static ObserveEventRequest purchase(String personId, long cents) {
        return event(personId, "purchase", Instant.now()).toBuilder()
                .setPurchaseAmount(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(cents)).build();
    }

    @Test
    void aMergeSumsScoresAddsCountsAndTheMergedIdResolvesToTheSurvivor() throws InterruptedException {
        String open = unique("s");
        String capped = unique("s");
        String type = unique("t");
        scoring.activePlan(ScoringPlan.newBuilder().setPlanId(unique("p-")).setDisplayName("Merge plan")
                .addScores(score(open, 0, 0, 100)).addScores(score(capped, 0, 0, 40))
                .addRules(ScoringRule.newBuilder().setRuleId("r1").setDescription("ten each")
                        .setCondition(ofType(type))
                        .addPoints(ScorePoints.newBuilder().setScoreName(open).setPoints(10))
                        .addPoints(ScorePoints.newBuilder().setScoreName(capped).setPoints(10)))
                .build());
        String system = unique("sys-");
        scoring.system(system, false);
        String segment = unique("seg-");
        scoring.liveSegment(segment, system, "scores." + open + " >= 25.0");

        String merged = unique("person-");
        String survivor = unique("person-");
        ObserveEventRequest first = event(merged, type, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        scoring.observe(first);
        scoring.observe(event(merged, type, Instant.now()));
        scoring.observe(event(merged, type, Instant.now()));
        scoring.observe(purchase(merged, 1000));
        scoring.observe(event(survivor, type, Instant.now()));
        scoring.observe(event(survivor, type, Instant.now()));
        scoring.observe(purchase(survivor, 500));
        assertEquals(1, scoring.stub.getSegment(GetSegmentRequest.newBuilder().setSegmentId(segment).build())
                .getSize().getMemberCount());

        IdentityChange.Builder merge = merged(unique("merge-"), merged, survivor);
        deliver(merge);

        PersonScores after = scores(survivor);
        assertEquals(50, values(after).get(open), 1e-9);
        assertEquals(40, values(after).get(capped), 1e-9, "the sum is clamped to the score's range");
        assertEquals(7, after.getFeatures().getEventCount());
        assertEquals(2, after.getFeatures().getPurchaseCount());
        assertEquals(List.of(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(1500).build()),
                after.getFeatures().getPurchaseAmountsList());
        assertEquals(first.getOccurredAt(), after.getFeatures().getFirstEventAt());
        assertEquals(List.of(segment), after.getMembershipsList().stream()
                .filter(m -> m.getSystemId().equals(system)).flatMap(m -> m.getSegmentsList().stream())
                .map(m -> m.getSegmentId()).toList(), "the survivor was re-evaluated");
        assertEquals(1, scoring.stub.getSegment(GetSegmentRequest.newBuilder().setSegmentId(segment).build())
                .getSize().getMemberCount(), "the merged id left, the survivor entered");

        assertEquals(survivor, scores(merged).getPersonId(), "the merged id resolves to the survivor");
        assertTrue(scoring.observe(first).getDuplicate(), "the merged person's events stay counted once");
        assertEquals(survivor, scoring.observe(event(merged, type, Instant.now())).getPersonId());
        assertEquals(60, values(scores(survivor)).get(open), 1e-9);

        deliver(merge);
        PersonScores again = scores(survivor);
        assertEquals(60, values(again).get(open), 1e-9, "applying the same merge again changes nothing");
        assertEquals(8, again.getFeatures().getEventCount());
        assertEquals(2, again.getFeatures().getPurchaseCount());
    }

    /**
     * A batch's events go to the observe script in groups of distinct persons, one round trip per
     * group; a merged id and its survivor are distinct persons in the request, so both their events
     * can be in one group, and the merged id's event then goes on to the survivor (after the group's
     * other events gave their evaluation leases back). Both count, the survivor's segments are
     * evaluated with both, and it enters its segment once.
     */
    @Test
    void aBatchWithAMergedIdAndItsSurvivorCountsBothForTheSurvivorAndEvaluatesAfterEach()
            throws InterruptedException {
        String[] s = scoring.scoredSegment(35); // {score, type, system, segment}: 10 points per event
        String merged = unique("person-");
        String survivor = unique("person-");
        String newcomer = unique("person-");
        scoring.observe(event(merged, s[1], Instant.now()));
        scoring.observe(event(survivor, s[1], Instant.now()));
        deliver(merged(unique("merge-"), merged, survivor));
        assertEquals(20, values(scores(survivor)).get(s[0]), 1e-9);

        List<ObserveEventResult> results = scoring.stub.observeEvents(ObserveEventsRequest.newBuilder()
                .addEvents(event(merged, s[1], Instant.now())).addEvents(event(survivor, s[1], Instant.now()))
                .addEvents(event(newcomer, s[1], Instant.now())).build()).getResultsList();

        assertEquals(List.of(survivor, survivor, newcomer), results.stream()
                .map(r -> r.getObserved().getPersonId()).toList(), results.toString());
        assertEquals(40, values(scores(survivor)).get(s[0]), 1e-9);
        assertEquals(10, results.get(2).getObserved().getScoresAfterOrThrow(s[0]), 1e-9);
        // the survivor crossed 35 with one of the two events, whichever was applied second
        assertEquals(1, results.stream().flatMap(r -> r.getObserved().getTransitionsList().stream())
                .filter(t -> t.getType() == SegmentTransitionType.SEGMENT_TRANSITION_TYPE_ENTERED).count(),
                results.toString());
        assertEquals(List.of(s[3]), scores(survivor).getMembershipsList().stream()
                .filter(m -> m.getSystemId().equals(s[2])).flatMap(m -> m.getSegmentsList().stream())
                .map(m -> m.getSegmentId()).toList());
    }

    @Test
    void aForgottenPersonAndItsMergedIdsAreErasedAndLaterEventsRefused() throws InterruptedException {
        String person = unique("person-");
        String merged = unique("person-");
        scoring.observe(event(person, "page_view", Instant.now()));
        scoring.observe(event(merged, "page_view", Instant.now()));
        deliver(merged(unique("merge-"), merged, person));
        IdentityChange.Builder forgotten = IdentityChange.newBuilder()
                .setType(IdentityChangeType.IDENTITY_CHANGE_TYPE_FORGOTTEN)
                .setForgotten(PersonForgotten.newBuilder().setPersonId(person).addMergedPersonIds(merged));
        deliver(forgotten);
        deliver(forgotten);

        for (String id : List.of(person, merged)) {
            StatusRuntimeException gone = error(() -> scores(id));
            assertEquals(Status.Code.NOT_FOUND, gone.getStatus().getCode(), id);
            assertEquals("PERSON_NOT_FOUND", reason(gone));
            StatusRuntimeException refused = error(() -> scoring.observe(event(id, "page_view", Instant.now())));
            assertEquals(Status.Code.NOT_FOUND, refused.getStatus().getCode(), id);
            assertEquals("PERSON_NOT_FOUND", reason(refused));
        }
    }

    @Test
    void aMergedIdWhoseSurvivorWasErasedAloneLeadsToAForgottenPersonNotAMissingOne() throws InterruptedException {
        String survivor = unique("person-");
        String merged = unique("person-");
        scoring.observe(event(survivor, "page_view", Instant.now()));
        scoring.observe(event(merged, "page_view", Instant.now()));
        deliver(merged(unique("merge-"), merged, survivor));
        // identity no longer lists the merged id with the survivor: ForgetPerson erases the survivor alone
        assertEquals(List.of(survivor), scoring.stub.forgetPerson(ForgetPersonRequest.newBuilder()
                .setPersonId(survivor).setReason(Reason.newBuilder().setCode("GDPR_ERASURE"))
                .setRequestingSystem("privacy-desk").setIdempotencyKey(unique("forget-")).build())
                .getForgottenPersonIdsList());

        // the merged id still exists and leads to its survivor, which was erased meanwhile
        StatusRuntimeException event = error(() -> scoring.observe(event(merged, "page_view", Instant.now())));
        assertEquals(Status.Code.FAILED_PRECONDITION, event.getStatus().getCode());
        assertEquals("PERSON_FORGOTTEN", reason(event));
        StatusRuntimeException snapshot = error(() -> scoring.stub.observeAttributes(attributes(merged, 1, "FR")));
        assertEquals(Status.Code.FAILED_PRECONDITION, snapshot.getStatus().getCode());
        assertEquals("PERSON_FORGOTTEN", reason(snapshot));
        // naming the erased survivor itself is naming a person that no longer exists
        StatusRuntimeException named = error(() -> scoring.observe(event(survivor, "page_view", Instant.now())));
        assertEquals(Status.Code.NOT_FOUND, named.getStatus().getCode());
        assertEquals("PERSON_NOT_FOUND", reason(named));
    }

    @Test
    void theSurvivorKeepsItsOwnAttributesAndALatePushForTheMergedIdDoesNotReplaceThem()
            throws InterruptedException {
        String system = unique("sys-");
        scoring.system(system, false);
        String french = unique("seg-");
        scoring.liveSegment(french, system, "attributes['country'] == 'FR'");
        String merged = unique("person-");
        String survivor = unique("person-");
        scoring.observe(event(merged, "page_view", Instant.now()));
        scoring.stub.observeAttributes(attributes(merged, 7, "DE"));
        scoring.stub.observeAttributes(attributes(survivor, 2, "FR"));

        deliver(merged(unique("merge-"), merged, survivor));
        PersonScores after = scores(merged);
        assertEquals(survivor, after.getPersonId(), "the merged id resolves to the survivor");
        assertEquals(1, after.getFeatures().getEventCount(), "the survivor, known from attributes, absorbed the event");
        assertEquals(List.of(french), after.getMembershipsList().stream().filter(m -> m.getSystemId().equals(system))
                .flatMap(m -> m.getSegmentsList().stream()).map(m -> m.getSegmentId()).toList());
        assertEquals("FR", after.getMembershipsList().stream().filter(m -> m.getSystemId().equals(system))
                .findFirst().orElseThrow().getSegments(0).getExplanation().getInputsOrThrow("attributes.country")
                .getStringValue());

        ObserveAttributesResponse late = scoring.stub.observeAttributes(attributes(merged, 8, "DE"));
        assertEquals(survivor, late.getPersonId());
        assertFalse(late.getApplied(), "the survivor's own snapshot is the merged one");
        assertEquals(2, late.getStoredVersion());
        ObserveAttributesResponse pushed = scoring.stub.observeAttributes(attributes(survivor, 3, "DE"));
        assertTrue(pushed.getApplied());
        assertEquals(SegmentTransitionType.SEGMENT_TRANSITION_TYPE_LEFT, pushed.getTransitions(0).getType());
    }

    private static ObserveAttributesRequest attributes(String personId, long version, String country) {
        return ObserveAttributesRequest.newBuilder().setPersonId(personId).setVersion(version)
                .putAttributes("country", Value.newBuilder().setStringValue(country).build())
                .setIdempotencyKey(Scoring.key()).build();
    }
}
