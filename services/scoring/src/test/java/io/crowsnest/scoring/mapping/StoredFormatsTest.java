package io.crowsnest.scoring.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Money;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.common.v1.RollingWindow;
import io.crowsnest.common.v1.WindowUnit;
import io.crowsnest.platform.mongo.ProtoDocuments;
import io.crowsnest.scoring.v1.ChurnModel;
import io.crowsnest.scoring.v1.ChurnWeight;
import io.crowsnest.scoring.v1.EventCondition;
import io.crowsnest.scoring.v1.ProfitabilityTierRule;
import io.crowsnest.scoring.v1.PropertyCondition;
import io.crowsnest.scoring.v1.PropertyOperator;
import io.crowsnest.scoring.v1.RuleCap;
import io.crowsnest.scoring.v1.ScoreDefinition;
import io.crowsnest.scoring.v1.ScorePoints;
import io.crowsnest.scoring.v1.ScoringPlan;
import io.crowsnest.scoring.v1.ScoringRule;
import io.crowsnest.scoring.v1.Segment;
import io.crowsnest.scoring.v1.SegmentEvaluationState;
import io.crowsnest.scoring.v1.SegmentMatchExplanation;
import io.crowsnest.scoring.v1.SegmentMembership;
import io.crowsnest.scoring.v1.SegmentTransition;
import io.crowsnest.scoring.v1.SegmentTransitionType;
import io.crowsnest.scoring.v1.SegmentationSystem;
import io.crowsnest.scoring.v1.TransitionCause;
import io.crowsnest.scoring.v1.ValueModel;

/**
 * What scoring stored before its stores took domain records — contract messages as proto3 JSON
 * documents and as bytes — is read back by the formats api/ gives the stores and written again
 * byte for byte: data stored by earlier releases still reads, and new writes look the same.
 */
class StoredFormatsTest {

    private final StoredDocuments documents = new StoredDocuments();
    private final StoredSegmentRecords records = new StoredSegmentRecords();

    @Test
    void aStoredPlanWithEveryFieldReadsBackAndIsWrittenAsBefore() {
        ScoringPlan plan = ScoringPlan.newBuilder().setPlanId("web").setDisplayName("Web engagement")
                .setDescription("points for what visitors do")
                .addScores(ScoreDefinition.newBuilder().setName("engagement").setDescription("how engaged")
                        .setHalfLifeSeconds(604_800).setMinValue(-10).setMaxValue(100))
                .addScores(ScoreDefinition.newBuilder().setName("intent").setMaxValue(50))
                .addRules(ScoringRule.newBuilder().setRuleId("pricing").setDescription("pricing page views")
                        .setCondition(EventCondition.newBuilder().addEventTypes("page_view")
                                .addChannels(Channel.CHANNEL_WEB).addChannels(Channel.CHANNEL_MOBILE_APP)
                                .addSources("google").setReferrerPattern("^https://example\\.com/")
                                .setMinPageDepth(2).setMaxPageDepth(9).setMinTimeOnPageSeconds(5)
                                .setMaxTimeOnPageSeconds(600)
                                .addProperties(property("path", PropertyOperator.PROPERTY_OPERATOR_MATCHES,
                                        Value.newBuilder().setStringValue("^/pricing").build()))
                                .addProperties(property("basket.total",
                                        PropertyOperator.PROPERTY_OPERATOR_GREATER_THAN,
                                        Value.newBuilder().setNumberValue(99.5).build()))
                                .addProperties(property("member", PropertyOperator.PROPERTY_OPERATOR_EQUALS,
                                        Value.newBuilder().setBoolValue(true).build()))
                                .addProperties(property("coupon", PropertyOperator.PROPERTY_OPERATOR_EQUALS,
                                        Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build()))
                                .addProperties(property("tier", PropertyOperator.PROPERTY_OPERATOR_IN, list()))
                                .addProperties(property("tag", PropertyOperator.PROPERTY_OPERATOR_EXISTS,
                                        Value.getDefaultInstance()))
                                .setMinPurchaseAmount(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(1500)))
                        .addPoints(ScorePoints.newBuilder().setScoreName("engagement").setPoints(5))
                        .addPoints(ScorePoints.newBuilder().setScoreName("intent").setPoints(2.5))
                        .setCap(RuleCap.newBuilder().setMaxApplications(3).setWindow(RollingWindow.newBuilder()
                                .setLength(1).setUnit(WindowUnit.WINDOW_UNIT_DAYS))))
                .addRules(ScoringRule.newBuilder().setRuleId("any").addPoints(ScorePoints.newBuilder()
                        .setScoreName("engagement").setPoints(1)))
                .addRules(ScoringRule.newBuilder().setRuleId("empty").setCondition(EventCondition.getDefaultInstance())
                        .addPoints(ScorePoints.newBuilder().setScoreName("intent").setPoints(1)))
                .setValueModel(ValueModel.newBuilder().setRfmWindow(RollingWindow.newBuilder().setLength(12)
                        .setUnit(WindowUnit.WINDOW_UNIT_MONTHS)).setReportingCurrencyCode("EUR")
                        .setRfmBoundariesRefreshIntervalSeconds(3600).setMarginRateBasisPoints(2500)
                        .addProfitabilityTiers(ProfitabilityTierRule.newBuilder().setTierId("gold")
                                .setMinMargin(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(100_000)))
                        .addProfitabilityTiers(ProfitabilityTierRule.newBuilder().setTierId("rest")
                                .setMinMargin(Money.newBuilder().setCurrencyCode("EUR")))
                        .setChurnModel(ChurnModel.newBuilder().setIntercept(-1.5)
                                .addWeights(ChurnWeight.newBuilder().setInput("days_since_last_event").setWeight(0.05))))
                .build();
        Document stored = ProtoDocuments.toDocument(plan);

        Document written = documents.plan(documents.plan(stored));

        assertEquals(stored.toJson(), written.toJson());
        assertEquals(plan, PlanDrafts.plan(documents.plan(stored)));
    }

    @Test
    void storedSegmentsAndSystemsReadBackAndAreWrittenAsBefore() {
        Segment live = Segment.newBuilder().setSegmentId("hot").setSystemId("lifecycle").setDisplayName("Hot leads")
                .setDescription("engaged visitors").setExpression("scores.engagement > 50").setPriority(10)
                .setReevaluationIntervalSeconds(3600).setRevision(4)
                .setEvaluationState(SegmentEvaluationState.SEGMENT_EVALUATION_STATE_LIVE)
                .setEvaluatedAt(at(1_700_000_100)).setCreatedAt(at(1_700_000_000)).setUpdatedAt(at(1_700_000_050))
                .setUpdatedBy("marketing").build();
        Segment backfilling = Segment.newBuilder().setSegmentId("new").setSystemId("lifecycle")
                .setDisplayName("New").setExpression("true").setRevision(1)
                .setEvaluationState(SegmentEvaluationState.SEGMENT_EVALUATION_STATE_BACKFILLING)
                .setCreatedAt(at(1_700_000_000)).setUpdatedAt(at(1_700_000_000)).setUpdatedBy("marketing").build();
        SegmentationSystem system = SegmentationSystem.newBuilder().setSystemId("lifecycle")
                .setDisplayName("Lifecycle").setDescription("one stage per person").setExclusive(true).setRevision(2)
                .setUpdatedAt(at(1_700_000_000)).setUpdatedBy("marketing").build();

        for (Segment segment : List.of(live, backfilling)) {
            Document stored = ProtoDocuments.toDocument(segment);
            assertEquals(stored.toJson(), documents.segment(documents.segment(stored)).toJson());
        }
        Document stored = ProtoDocuments.toDocument(system);
        assertEquals(stored.toJson(), documents.system(documents.system(stored)).toJson());
    }

    @Test
    void storedMembershipsAndLatestEvaluationsReadBackAndAreWrittenByteForByte() {
        SegmentMatchExplanation explanation = SegmentMatchExplanation.newBuilder().setSegmentRevision(3)
                .setExpression("scores.engagement > 50 && features.last_session.page_views > 2")
                .setEvaluatedAt(at(1_700_000_200))
                .putInputs("scores.engagement", Value.newBuilder().setNumberValue(64.2).build())
                .putInputs("attributes.city", Value.newBuilder().setStringValue("Lyon").build())
                .putInputs("attributes.vip", Value.newBuilder().setBoolValue(false).build())
                .putInputs("attributes.missing", Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build())
                .putInputs("attributes.tags", list())
                .putInputs("features.last_session", Value.newBuilder().setStructValue(Struct.newBuilder()
                        .putFields("session_id", Value.newBuilder().setStringValue("s1").build())
                        .putFields("page_views", Value.newBuilder().setNumberValue(3).build())
                        .putFields("started_at", Value.newBuilder().setStringValue("2023-11-14T22:13:20Z").build()))
                        .build())
                .setReason(Reason.newBuilder().setCode("SEGMENT_MATCHED").setMessage("matches with ...")
                        .putFigures("scores.engagement", "64.2").putFigures("attributes.city", "Lyon"))
                .addOutrankedSegmentIds("warm").addOutrankedSegmentIds("cold").build();
        SegmentMembership membership = SegmentMembership.newBuilder().setSegmentId("hot")
                .setEnteredAt(at(1_700_000_150)).setEnteredOffset(65_538).setExplanation(explanation).build();
        SegmentMatchExplanation latest = SegmentMatchExplanation.newBuilder().setEvaluatedAt(at(1_700_000_300))
                .putInputs("scores.engagement", Value.newBuilder().setNumberValue(70).build()).build();

        assertArrayEquals(membership.toByteArray(), records.membership(records.membership(membership.toByteArray())));
        assertArrayEquals(latest.toByteArray(), records.explanation(records.explanation(latest.toByteArray())));
    }

    @Test
    void storedTransitionsReadBackWithTheirOffsetsAndAreWrittenByteForByte() throws IOException {
        SegmentTransition entered = SegmentTransition.newBuilder().setOffset(131_072)
                .setType(SegmentTransitionType.SEGMENT_TRANSITION_TYPE_ENTERED).setPersonId("p-1")
                .setSegmentId("hot").setSystemId("lifecycle").setSegmentRevision(3)
                .setCause(TransitionCause.TRANSITION_CAUSE_EVENT).setEventId("e-1").setOccurredAt(at(1_700_000_150))
                .setReason(Reason.newBuilder().setCode("SEGMENT_MATCHED").setMessage("matches with x = 1")
                        .putFigures("x", "1"))
                .build();
        SegmentTransition left = SegmentTransition.newBuilder().setOffset(131_073)
                .setType(SegmentTransitionType.SEGMENT_TRANSITION_TYPE_LEFT).setPersonId("p-1").setSegmentId("warm")
                .setSystemId("lifecycle").setSegmentRevision(1).setCause(TransitionCause.TRANSITION_CAUSE_EVENT)
                .setEventId("e-1").setOccurredAt(at(1_700_000_150)).setOtherSegmentId("hot")
                .setReason(Reason.newBuilder().setCode("SEGMENT_OUTRANKED").setMessage("segment 'hot' ranks before it"))
                .build();
        SegmentTransition feedEntry = left.toBuilder().clearOffset().setCause(TransitionCause.TRANSITION_CAUSE_FORGET)
                .clearEventId().build();
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        for (SegmentTransition t : List.of(entered, left, feedEntry)) {
            t.writeDelimitedTo(stored);
        }

        var read = records.transitions(stored.toByteArray());

        assertEquals(List.of(entered, left, feedEntry), read.stream().map(SegmentRecords::transition).toList());
        assertArrayEquals(stored.toByteArray(), records.transitions(read));
    }

    private static PropertyCondition property(String key, PropertyOperator operator, Value value) {
        PropertyCondition.Builder out = PropertyCondition.newBuilder().setKey(key).setOperator(operator);
        if (value.getKindCase() != Value.KindCase.KIND_NOT_SET) {
            out.setValue(value);
        }
        return out.build();
    }

    private static Value list() {
        return Value.newBuilder().setListValue(ListValue.newBuilder()
                .addValues(Value.newBuilder().setStringValue("gold"))
                .addValues(Value.newBuilder().setNumberValue(2))
                .addValues(Value.newBuilder().setStructValue(Struct.newBuilder()
                        .putFields("b", Value.newBuilder().setNumberValue(1).build())
                        .putFields("a", Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build()))))
                .build();
    }

    private static Timestamp at(long seconds) {
        return Timestamp.newBuilder().setSeconds(seconds).setNanos(123_000_000).build();
    }
}
