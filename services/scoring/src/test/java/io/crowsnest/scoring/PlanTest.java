package io.crowsnest.scoring;

import static io.crowsnest.scoring.Scoring.error;
import static io.crowsnest.scoring.Scoring.fields;
import static io.crowsnest.scoring.Scoring.ofType;
import static io.crowsnest.scoring.Scoring.plan;
import static io.crowsnest.scoring.Scoring.reason;
import static io.crowsnest.scoring.Scoring.rule;
import static io.crowsnest.scoring.Scoring.score;
import static io.crowsnest.scoring.Scoring.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Value;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.PageRequest;
import io.crowsnest.common.v1.RollingWindow;
import io.crowsnest.common.v1.WindowUnit;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.v1.ActivateScoringPlanVersionResponse;
import io.crowsnest.scoring.v1.EventCondition;
import io.crowsnest.scoring.v1.GetScoringPlanRequest;
import io.crowsnest.scoring.v1.ListScoringPlanVersionsRequest;
import io.crowsnest.scoring.v1.ListScoringPlanVersionsResponse;
import io.crowsnest.scoring.v1.ListScoringPlansRequest;
import io.crowsnest.scoring.v1.PlanVersionState;
import io.crowsnest.scoring.v1.PropertyCondition;
import io.crowsnest.scoring.v1.PropertyOperator;
import io.crowsnest.scoring.v1.RuleCap;
import io.crowsnest.scoring.v1.ScoringPlan;
import io.crowsnest.scoring.v1.ScoringPlanSummary;
import io.crowsnest.scoring.v1.ScoringPlanVersion;
import io.crowsnest.scoring.v1.UpsertScoringPlanRequest;
import io.crowsnest.scoring.v1.UpsertScoringPlanResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Scoring plans through real gRPC: drafts under a base-version guard, validation with field paths,
 * idempotency, activation now or scheduled, conflicts.
 */
@QuarkusTest
@TestProfile(Stores.class)
class PlanTest extends WithScoringClient {

    private ScoringPlanVersion get(String planId, long version) {
        return scoring.stub.getScoringPlan(GetScoringPlanRequest.newBuilder().setPlanId(planId).setVersion(version)
                .build()).getPlanVersion();
    }

    @Test
    void aNewPlanIsADraftWithItsAuthorAndTheLatestWhenNoneIsActive() {
        String id = unique("p-");
        ScoringPlanVersion v1 = scoring.write(plan(id, unique("s"), unique("t")), 0);
        assertEquals(1, v1.getVersion());
        assertEquals(PlanVersionState.PLAN_VERSION_STATE_DRAFT, v1.getState());
        assertEquals("jane.admin", v1.getCreatedBy());
        assertFalse(v1.hasActivatedAt());
        assertEquals(v1, get(id, 0));
        assertEquals(v1, get(id, 1));
    }

    @Test
    void theBaseVersionGuardsAgainstLostUpdates() {
        String id = unique("p-");
        ScoringPlan plan = plan(id, unique("s"), unique("t"));
        scoring.write(plan, 0);
        StatusRuntimeException exists = error(() -> scoring.write(plan, 0));
        assertEquals(Status.Code.FAILED_PRECONDITION, exists.getStatus().getCode());
        assertEquals("PLAN_ALREADY_EXISTS", reason(exists));
        assertEquals(2, scoring.write(plan, 1).getVersion());
        StatusRuntimeException stale = error(() -> scoring.write(plan, 1));
        assertEquals(Status.Code.FAILED_PRECONDITION, stale.getStatus().getCode());
        assertEquals("PLAN_VERSION_CONFLICT", reason(stale));
        StatusRuntimeException missing = error(() -> scoring.write(plan(unique("p-"), unique("s"), "x"), 3));
        assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
        assertEquals("PLAN_NOT_FOUND", reason(missing));
        assertEquals(2, get(id, 0).getVersion());
    }

    @Test
    void aNegativeHalfLifeIsRefusedWithItsPathAndNothingIsStored() {
        String id = unique("p-");
        ScoringPlan plan = plan(id, unique("s"), unique("t")).toBuilder()
                .setScores(0, score(unique("s"), -60, 0, 100)).build();
        ScoringPlan fixed = plan.toBuilder().setRules(0, plan.getRules(0).toBuilder()
                .setPoints(0, plan.getRules(0).getPoints(0).toBuilder().setScoreName(plan.getScores(0).getName())))
                .build();
        StatusRuntimeException e = error(() -> scoring.write(fixed, 0));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("HALF_LIFE_NEGATIVE", reason(e));
        assertEquals(List.of("plan.scores[0].half_life_seconds"), fields(e));
        StatusRuntimeException nothing = error(() -> get(id, 0));
        assertEquals(Status.Code.NOT_FOUND, nothing.getStatus().getCode());
    }

    @Test
    void everyProblemOfAPlanIsReportedWithItsFieldPath() {
        String s = unique("s");
        EventCondition bad = EventCondition.newBuilder().addChannels(Channel.CHANNEL_UNSPECIFIED)
                .setReferrerPattern("(unclosed").setMinPageDepth(5).setMaxPageDepth(2)
                .addProperties(PropertyCondition.newBuilder().setKey("amount")
                        .setOperator(PropertyOperator.PROPERTY_OPERATOR_GREATER_THAN)
                        .setValue(Value.newBuilder().setStringValue("ten")))
                .addProperties(PropertyCondition.newBuilder().setKey("plan")
                        .setOperator(PropertyOperator.PROPERTY_OPERATOR_MATCHES)
                        .setValue(Value.newBuilder().setStringValue("a(?<name>b)\\1")))
                .build();
        ScoringPlan plan = ScoringPlan.newBuilder().setPlanId("Bad Id").setDisplayName("Bad")
                .addScores(score(s, 0, 10, 10))
                .addRules(rule("r1", bad, "nope", 0).toBuilder()
                        .setCap(RuleCap.newBuilder().setMaxApplications(0)))
                .addRules(rule("r1", ofType("ok"), s, 1))
                .build();
        StatusRuntimeException e = error(() -> scoring.write(plan, 0));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(List.of("plan.plan_id", "plan.scores[0].max_value", "plan.rules[0].condition.channels[0]",
                "plan.rules[0].condition.referrer_pattern", "plan.rules[0].condition.max_page_depth",
                "plan.rules[0].condition.properties[0].value", "plan.rules[0].condition.properties[1].value",
                "plan.rules[0].points[0].score_name", "plan.rules[0].points[0].points",
                "plan.rules[0].cap.max_applications", "plan.rules[0].cap.window", "plan.rules[1].rule_id"),
                fields(e));
    }

    @Test
    void aRetryWithTheSameKeyReturnsTheFirstAnswerAndAnotherRequestUnderItIsRefused() {
        String id = unique("p-");
        UpsertScoringPlanRequest request = Scoring.upsert(plan(id, unique("s"), unique("t")), 0);
        UpsertScoringPlanResponse first = scoring.stub.upsertScoringPlan(request);
        assertEquals(first, scoring.stub.upsertScoringPlan(request));
        StatusRuntimeException reused = error(() -> scoring.stub.upsertScoringPlan(request.toBuilder()
                .setChangeNote("another").build()));
        assertEquals(Status.Code.ALREADY_EXISTS, reused.getStatus().getCode());
        assertEquals("IDEMPOTENCY_KEY_REUSED", reason(reused));
        assertEquals(1, scoring.stub.listScoringPlanVersions(ListScoringPlanVersionsRequest.newBuilder()
                .setPlanId(id).build()).getVersionsCount());
    }

    @Test
    void activationNowThenScheduledThenReplacedKeepsTheTimelineAndTheAuditTrail() {
        String id = unique("p-");
        ScoringPlan plan = plan(id, unique("s"), unique("t"));
        scoring.write(plan, 0);
        scoring.write(plan, 1);
        scoring.write(plan, 2);
        ActivateScoringPlanVersionResponse first = scoring.activate(id, 1);
        assertEquals(PlanVersionState.PLAN_VERSION_STATE_ACTIVE, first.getPlanVersion().getState());
        assertEquals(0, first.getPreviousActiveVersion());
        assertEquals("jane.admin", first.getPlanVersion().getActivatedBy());

        Instant later = Instant.now().plus(Duration.ofHours(2));
        ActivateScoringPlanVersionResponse scheduled = scoring.stub.activateScoringPlanVersion(
                Scoring.activation(id, 2).toBuilder().setEffectiveFrom(Timestamps.of(later)).build());
        assertEquals(PlanVersionState.PLAN_VERSION_STATE_SCHEDULED, scheduled.getPlanVersion().getState());
        assertEquals(1, scheduled.getPreviousActiveVersion());
        ScoringPlanSummary summary = summary(id);
        assertEquals(1, summary.getActiveVersion());
        assertEquals(2, summary.getScheduledVersion());
        assertEquals(3, summary.getLatestVersion());
        assertEquals(List.of(plan.getScores(0).getName()), summary.getScoreNamesList());

        ActivateScoringPlanVersionResponse third = scoring.activate(id, 3);
        assertEquals(PlanVersionState.PLAN_VERSION_STATE_ACTIVE, third.getPlanVersion().getState());
        assertEquals(1, third.getPreviousActiveVersion());
        ListScoringPlanVersionsResponse versions = scoring.stub.listScoringPlanVersions(
                ListScoringPlanVersionsRequest.newBuilder().setPlanId(id).build());
        assertEquals(List.of(3L, 2L, 1L), versions.getVersionsList().stream().map(ScoringPlanVersion::getVersion)
                .toList());
        assertEquals(PlanVersionState.PLAN_VERSION_STATE_DRAFT, versions.getVersions(1).getState());
        assertFalse(versions.getVersions(1).hasEffectiveFrom());
        ScoringPlanVersion v1 = versions.getVersions(2);
        assertEquals(PlanVersionState.PLAN_VERSION_STATE_SUPERSEDED, v1.getState());
        assertEquals(third.getPlanVersion().getEffectiveFrom(), v1.getEffectiveUntil());
        assertEquals(0, summary(id).getScheduledVersion());
        assertEquals(3, get(id, 0).getVersion());
    }

    @Test
    void versionsArePagedNewestFirst() {
        String id = unique("p-");
        ScoringPlan plan = plan(id, unique("s"), unique("t"));
        for (int base = 0; base < 3; base++) {
            scoring.write(plan, base);
        }
        ListScoringPlanVersionsRequest first = ListScoringPlanVersionsRequest.newBuilder().setPlanId(id)
                .setPage(PageRequest.newBuilder().setPageSize(2)).build();
        ListScoringPlanVersionsResponse page1 = scoring.stub.listScoringPlanVersions(first);
        assertEquals(List.of(3L, 2L), page1.getVersionsList().stream().map(ScoringPlanVersion::getVersion).toList());
        ListScoringPlanVersionsResponse page2 = scoring.stub.listScoringPlanVersions(first.toBuilder()
                .setPage(first.getPage().toBuilder().setPageToken(page1.getPage().getNextPageToken())).build());
        assertEquals(List.of(1L), page2.getVersionsList().stream().map(ScoringPlanVersion::getVersion).toList());
        assertEquals("", page2.getPage().getNextPageToken());
        StatusRuntimeException bad = error(() -> scoring.stub.listScoringPlanVersions(first.toBuilder()
                .setPage(PageRequest.newBuilder().setPageToken("garbage")).build()));
        assertEquals("PAGE_TOKEN_INVALID", reason(bad));
    }

    @Test
    void activationConflictsAreRefusedAndChangeNothing() {
        String id = unique("p-");
        String score = unique("s");
        scoring.activePlan(plan(id, score, unique("t")));
        scoring.write(plan(id, score, unique("t")), 1);

        StatusRuntimeException expected = error(() -> scoring.stub.activateScoringPlanVersion(
                Scoring.activation(id, 2).toBuilder().setExpectedActiveVersion(7).build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, expected.getStatus().getCode());
        assertEquals("PLAN_VERSION_CONFLICT", reason(expected));

        StatusRuntimeException past = error(() -> scoring.stub.activateScoringPlanVersion(Scoring.activation(id, 2)
                .toBuilder().setEffectiveFrom(Timestamps.of(Instant.now().minus(Duration.ofHours(1)))).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, past.getStatus().getCode());
        assertEquals("EFFECTIVE_FROM_IN_PAST", reason(past));

        String other = unique("p-");
        scoring.write(plan(other, score, unique("t")), 0);
        StatusRuntimeException owned = error(() -> scoring.activate(other, 1));
        assertEquals(Status.Code.FAILED_PRECONDITION, owned.getStatus().getCode());
        assertEquals("SCORE_NAME_CONFLICT", reason(owned));

        StatusRuntimeException noVersion = error(() -> scoring.activate(id, 9));
        assertEquals("PLAN_VERSION_NOT_FOUND", reason(noVersion));
        assertEquals(1, summary(id).getActiveVersion());
        assertEquals(PlanVersionState.PLAN_VERSION_STATE_DRAFT, get(other, 1).getState());

        ActivateScoringPlanVersionResponse again = scoring.activate(id, 1);
        assertEquals(PlanVersionState.PLAN_VERSION_STATE_ACTIVE, again.getPlanVersion().getState());
        assertEquals(get(id, 1).getEffectiveFrom(), again.getPlanVersion().getEffectiveFrom());
    }

    @Test
    void aCappedRuleIsAcceptedAndChurnWeightsMustNameKnownInputs() {
        String s = unique("s");
        ScoringPlan plan = plan(unique("p-"), s, unique("t")).toBuilder()
                .setRules(0, rule("r1", ofType("x"), s, 5).toBuilder().setCap(RuleCap.newBuilder()
                        .setMaxApplications(2).setWindow(RollingWindow.newBuilder().setLength(1)
                                .setUnit(WindowUnit.WINDOW_UNIT_DAYS))))
                .build();
        assertEquals(1, scoring.write(plan, 0).getVersion());
        ScoringPlan churn = plan.toBuilder().setPlanId(unique("p-")).setValueModel(
                io.crowsnest.scoring.v1.ValueModel.newBuilder().setChurnModel(io.crowsnest.scoring.v1.ChurnModel
                        .newBuilder().addWeights(io.crowsnest.scoring.v1.ChurnWeight.newBuilder()
                                .setInput("score.unknown_one").setWeight(1)))).build();
        StatusRuntimeException e = error(() -> scoring.write(churn, 0));
        assertEquals(List.of("plan.value_model.churn_model.weights[0].input"), fields(e));
    }

    private ScoringPlanSummary summary(String planId) {
        String token = "";
        do {
            var page = scoring.stub.listScoringPlans(ListScoringPlansRequest.newBuilder()
                    .setPage(PageRequest.newBuilder().setPageSize(500).setPageToken(token)).build());
            for (ScoringPlanSummary s : page.getPlansList()) {
                if (s.getPlanId().equals(planId)) {
                    return s;
                }
            }
            token = page.getPage().getNextPageToken();
        } while (!token.isEmpty());
        throw new AssertionError("plan " + planId + " not listed");
    }
}
