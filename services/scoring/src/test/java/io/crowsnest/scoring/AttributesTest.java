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

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.scoring.v1.ForgetPersonRequest;
import io.crowsnest.scoring.v1.GetScoresRequest;
import io.crowsnest.scoring.v1.ObserveAttributesRequest;
import io.crowsnest.scoring.v1.ObserveAttributesResponse;
import io.crowsnest.scoring.v1.PersonScores;
import io.crowsnest.scoring.v1.SegmentMembership;
import io.crowsnest.scoring.v1.SegmentTransition;
import io.crowsnest.scoring.v1.SegmentTransitionType;
import io.crowsnest.scoring.v1.TransitionCause;
import io.crowsnest.scoring.v1.UpsertSegmentResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import redis.clients.jedis.UnifiedJedis;

/**
 * Profile attributes pushed with ObserveAttributes and read by segment expressions, through real
 * gRPC on real Redis and MongoDB: versions, idempotency, segments entered and left, explanations,
 * erasure and refused input.
 */
@QuarkusTest
@TestProfile(Stores.class)
class AttributesTest extends WithScoringClient {

    @Inject
    UnifiedJedis redis;

    private static Value text(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }

    private static Value number(double d) {
        return Value.newBuilder().setNumberValue(d).build();
    }

    private static ObserveAttributesRequest push(String personId, long version, Map<String, Value> attributes) {
        return ObserveAttributesRequest.newBuilder().setPersonId(personId).setVersion(version)
                .putAllAttributes(attributes).setIdempotencyKey(key()).build();
    }

    private ObserveAttributesResponse observe(ObserveAttributesRequest request) {
        return scoring.stub.observeAttributes(request);
    }

    private PersonScores scores(String personId) {
        return scoring.stub.getScores(GetScoresRequest.newBuilder()
                .setPerson(PersonRef.newBuilder().setPersonId(personId)).build()).getScores();
    }

    private static List<SegmentTransition> of(ObserveAttributesResponse r, String segmentId) {
        return r.getTransitionsList().stream().filter(t -> t.getSegmentId().equals(segmentId)).toList();
    }

    private static SegmentMembership membership(PersonScores scores, String system) {
        return scores.getMembershipsList().stream().filter(m -> m.getSystemId().equals(system)).findFirst()
                .orElseThrow().getSegments(0);
    }

    private static boolean member(PersonScores scores, String system, String segment) {
        return scores.getMembershipsList().stream().filter(m -> m.getSystemId().equals(system))
                .flatMap(m -> m.getSegmentsList().stream()).anyMatch(s -> s.getSegmentId().equals(segment));
    }

    /** A live segment in a fresh non-exclusive system; returns {system, segment}. */
    private String[] liveSegment(String expression) throws InterruptedException {
        String system = unique("sys-");
        String segment = unique("seg-");
        scoring.system(system, false);
        scoring.liveSegment(segment, system, expression);
        return new String[] {system, segment};
    }

    @Test
    void anAttributeSegmentSavesAndNamesTheAttributePathsItReads() {
        String system = unique("sys-");
        scoring.system(system, false);
        UpsertSegmentResponse saved = scoring.stub.upsertSegment(Scoring.segment(unique("seg-"), system, 0,
                "has(attributes.country) && attributes.country == 'FR' "
                        + "&& attributes['demographics.birth_year'] < 1990"));
        assertEquals(List.of("attributes.country", "attributes.demographics.birth_year"),
                saved.getReferencedVariablesList());
        assertFalse(saved.getTimeDependent());
    }

    @Test
    void aSnapshotEntersThePersonAndALaterOneWithoutTheAttributeMakesItLeave() throws InterruptedException {
        String[] s = liveSegment("has(attributes.country) && attributes.country == 'FR'");
        String person = unique("person-");

        ObserveAttributesResponse first = observe(push(person, 1, Map.of("country", text("FR"),
                "given_name", text("Janet"))));
        assertEquals(person, first.getPersonId());
        assertTrue(first.getApplied());
        assertEquals(1, first.getStoredVersion());
        List<SegmentTransition> entered = of(first, s[1]);
        assertEquals(1, entered.size());
        assertEquals(SegmentTransitionType.SEGMENT_TRANSITION_TYPE_ENTERED, entered.get(0).getType());
        assertEquals(TransitionCause.TRANSITION_CAUSE_ATTRIBUTES_CHANGED, entered.get(0).getCause());
        assertEquals("", entered.get(0).getEventId());
        assertEquals("FR", entered.get(0).getReason().getFiguresOrThrow("attributes.country"));

        PersonScores known = scores(person);
        assertEquals(0, known.getFeatures().getEventCount());
        assertFalse(known.getFeatures().hasLastEventAt());
        SegmentMembership m = membership(known, s[0]);
        assertEquals(s[1], m.getSegmentId());
        assertEquals("FR", m.getExplanation().getInputsOrThrow("attributes.country").getStringValue());
        assertTrue(m.getExplanation().getReason().getMessage().contains("attributes.country = FR"),
                m.getExplanation().getReason().getMessage());

        ObserveAttributesResponse second = observe(push(person, 2, Map.of("given_name", text("Janet"))));
        assertTrue(second.getApplied());
        List<SegmentTransition> left = of(second, s[1]);
        assertEquals(1, left.size());
        assertEquals(SegmentTransitionType.SEGMENT_TRANSITION_TYPE_LEFT, left.get(0).getType());
        assertEquals(TransitionCause.TRANSITION_CAUSE_ATTRIBUTES_CHANGED, left.get(0).getCause());
        assertFalse(member(scores(person), s[0], s[1]));
    }

    @Test
    void aSnapshotNotNewerThanTheOneHeldChangesNothing() throws InterruptedException {
        String[] s = liveSegment("attributes['country'] == 'FR'");
        String person = unique("person-");
        assertTrue(observe(push(person, 5, Map.of("country", text("FR")))).getApplied());

        ObserveAttributesResponse older = observe(push(person, 4, Map.of("country", text("DE"))));
        assertFalse(older.getApplied());
        assertEquals(5, older.getStoredVersion());
        assertEquals(List.of(), older.getTransitionsList());
        ObserveAttributesResponse same = observe(push(person, 5, Map.of("country", text("DE"))));
        assertFalse(same.getApplied());
        assertEquals(5, same.getStoredVersion());
        assertEquals(List.of(), same.getTransitionsList());
        assertTrue(member(scores(person), s[0], s[1]), "the newer snapshot still counts");
        assertEquals("FR", membership(scores(person), s[0]).getExplanation().getInputsOrThrow("attributes.country")
                .getStringValue());
    }

    @Test
    void aRedeliveryWithTheSameIdempotencyKeyAnswersTheFirstResultAndChangesNothing() throws InterruptedException {
        String[] s = liveSegment("attributes['country'] == 'FR'");
        String person = unique("person-");
        ObserveAttributesRequest request = push(person, 1, Map.of("country", text("FR")));
        ObserveAttributesResponse first = observe(request);
        SegmentMembership before = membership(scores(person), s[0]);

        assertEquals(first, observe(request));
        SegmentMembership after = membership(scores(person), s[0]);
        assertEquals(before.getEnteredOffset(), after.getEnteredOffset());
        assertEquals(before.getEnteredAt(), after.getEnteredAt());

        StatusRuntimeException reused = error(() -> observe(request.toBuilder().setVersion(2).build()));
        assertEquals(Status.Code.ALREADY_EXISTS, reused.getStatus().getCode());
        assertEquals("IDEMPOTENCY_KEY_REUSED", reason(reused));
    }

    @Test
    void aSegmentMixingScoresAndAttributesNeedsBoth() throws InterruptedException {
        String score = unique("s");
        String type = unique("t");
        scoring.activePlan(Scoring.plan(unique("p-"), score, type));
        String[] s = liveSegment("scores." + score + " >= 20.0 && attributes['custom.tier'] == 'gold' "
                + "&& attributes['demographics.birth_year'] < 1990 && attributes['custom.vip'] "
                + "&& 'cards' in attributes['custom.interests']");
        String person = unique("person-");
        Map<String, Value> attributes = Map.of("custom.tier", text("gold"), "demographics.birth_year", number(1984),
                "custom.vip", Value.newBuilder().setBoolValue(true).build(), "custom.interests",
                Value.newBuilder().setListValue(ListValue.newBuilder().addValues(text("loans"))
                        .addValues(text("cards"))).build());
        assertEquals(List.of(), of(observe(push(person, 1, attributes)), s[1]), "no score yet");
        scoring.observe(event(person, type, Instant.now()));
        List<SegmentTransition> entered = scoring.observe(event(person, type, Instant.now())).getTransitionsList()
                .stream().filter(t -> t.getSegmentId().equals(s[1])).toList();
        assertEquals(1, entered.size());
        assertEquals(TransitionCause.TRANSITION_CAUSE_EVENT, entered.get(0).getCause());

        ObserveAttributesResponse silver = observe(push(person, 2, Map.of("custom.tier", text("silver"))));
        assertEquals(SegmentTransitionType.SEGMENT_TRANSITION_TYPE_LEFT, of(silver, s[1]).get(0).getType());
        assertFalse(member(scores(person), s[0], s[1]));

        ObserveAttributesResponse back = observe(push(person, 3, attributes));
        SegmentTransition again = of(back, s[1]).get(0);
        assertEquals(TransitionCause.TRANSITION_CAUSE_ATTRIBUTES_CHANGED, again.getCause());
        assertEquals("20", again.getReason().getFiguresOrThrow("scores." + score));
        assertEquals("gold", again.getReason().getFiguresOrThrow("attributes.custom.tier"));
        assertEquals("1984", again.getReason().getFiguresOrThrow("attributes.demographics.birth_year"));
    }

    @Test
    void aPersonKnownOnlyFromItsAttributesIsEvaluatedByANewSegment() throws InterruptedException {
        String person = unique("person-");
        String city = unique("city-");
        observe(push(person, 1, Map.of("city", text(city))));
        String[] s = liveSegment("attributes.city == '" + city + "'");
        assertTrue(member(scores(person), s[0], s[1]), "the backfill evaluated the person");
    }

    @Test
    void forgettingAPersonErasesItsAttributesAndLaterSnapshotsAreRefused() throws InterruptedException {
        String[] s = liveSegment("attributes.country == 'FR'");
        String person = unique("person-");
        scoring.observe(event(person, "page_view", Instant.now()));
        observe(push(person, 1, Map.of("country", text("FR"))));
        assertTrue(redis.exists("sc:{" + person + "}:a"));

        assertTrue(member(scores(person), s[0], s[1]));
        assertTrue(scoring.stub.forgetPerson(ForgetPersonRequest.newBuilder().setPersonId(person)
                .setReason(Reason.newBuilder().setCode("GDPR_ERASURE")).setRequestingSystem("privacy-desk")
                .setIdempotencyKey(key()).build()).getMembershipsRemovedCount() >= 1, "it left the segment");
        assertFalse(redis.exists("sc:{" + person + "}:a"));
        StatusRuntimeException unknown = error(() -> scores(person));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        StatusRuntimeException refused = error(() -> observe(push(person, 2, Map.of("country", text("FR")))));
        assertEquals(Status.Code.NOT_FOUND, refused.getStatus().getCode());
        assertEquals("PERSON_NOT_FOUND", reason(refused));
    }

    @Test
    void badSnapshotsAreRefusedFieldByFieldAndNothingIsStored() {
        String person = unique("person-");
        ObserveAttributesRequest good = push(person, 1, Map.of("country", text("FR")));

        assertRefused(good.toBuilder().setPersonId("").build(), List.of("person_id"));
        assertRefused(good.toBuilder().setPersonId("not a person id").build(), List.of("person_id"));
        assertRefused(good.toBuilder().setVersion(0).build(), List.of("version"));
        assertRefused(good.toBuilder().setIdempotencyKey("").build(), List.of("idempotency_key"));
        assertRefused(good.toBuilder().putAttributes("Country", text("FR")).putAttributes("a.b.c", text("x"))
                .putAttributes("custom.", text("x")).build(),
                List.of("attributes[Country]", "attributes[a.b.c]", "attributes[custom.]"));
        assertRefused(good.toBuilder().putAttributes("custom.nothing", Value.newBuilder()
                .setNullValue(NullValue.NULL_VALUE).build()).putAttributes("custom.unset", Value.getDefaultInstance())
                .build(), List.of("attributes[custom.nothing]", "attributes[custom.unset]"));
        assertRefused(good.toBuilder().putAttributes("custom.note", text("x".repeat(4097))).build(),
                List.of("attributes[custom.note]"));
        assertRefused(good.toBuilder().putAttributes("custom.deep", nested(5)).build(),
                List.of("attributes[custom.deep].a.a.a.a"));
        assertRefused(good.toBuilder().putAttributes("custom.ratio", number(Double.NaN)).build(),
                List.of("attributes[custom.ratio]"));
        ObserveAttributesRequest.Builder many = good.toBuilder();
        for (int i = 0; i < 200; i++) {
            many.putAttributes("custom.k" + i, text("v"));
        }
        assertRefused(many.build(), List.of("attributes"));
        ObserveAttributesRequest.Builder large = good.toBuilder();
        for (int i = 0; i < 70; i++) {
            large.putAttributes("custom.k" + i, text("x".repeat(4000)));
        }
        assertRefused(large.build(), List.of("attributes"));

        StatusRuntimeException unknown = error(() -> scores(person));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode(), "nothing was stored");
        assertTrue(observe(good).getApplied(), "the same snapshot done right is taken");
    }

    private void assertRefused(ObserveAttributesRequest request, List<String> fields) {
        StatusRuntimeException refused = error(() -> observe(request));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
        assertEquals(fields, fields(refused));
    }

    /** An object nested the given number of levels: {"a": {"a": ... "x"}}. */
    private static Value nested(int levels) {
        Value value = text("x");
        for (int i = 0; i < levels; i++) {
            value = Value.newBuilder().setStructValue(Struct.newBuilder().putFields("a", value)).build();
        }
        return value;
    }
}
