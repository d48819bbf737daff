package io.crowsnest.decisioning;

import static io.crowsnest.decisioning.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Value;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.decisioning.v1.DecideResponse;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc.DecisioningServiceBlockingStub;
import io.crowsnest.decisioning.v1.ForgetPersonRequest;
import io.crowsnest.decisioning.v1.GetDecisionRequest;
import io.crowsnest.decisioning.v1.InteractionDirection;
import io.crowsnest.decisioning.v1.OutcomeType;
import io.crowsnest.decisioning.v1.RecordOutcomeRequest;
import io.crowsnest.decisioning.v1.RetireActionRequest;
import io.crowsnest.localstack.testing.GrpcErrorDetails;
import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.platform.grpc.Timestamps;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Bad input answered with a clear status and field details; failures of one candidate do not fail a decision. */
@QuarkusTest
@QuarkusTestResource(value = Neighbours.class, restrictToAnnotatedClass = true)
class BadInputTest extends ThroughGrpc {

    @Test
    void anExpressionFailingForOneCustomerDropsThatCandidateWithTheErrorAndTheDecisionStillAnswers() {
        String failing = unique("needs-score-");
        String fine = unique("always-");
        decisioning.createAction(Fixtures.create(failing, Fixtures.offer("Needs a score")
                .setEligibilityExpression("scores[\"no_such_score\"] > 0.5")));
        decisioning.createAction(Fixtures.create(fine, Fixtures.offer("For everyone")));
        String person = Fixtures.customer(profile, unique("e") + "@example.com", null, null);
        DecideResponse d = decisioning.decide(Fixtures.decide(person, Channel.CHANNEL_PHONE,
                InteractionDirection.INTERACTION_DIRECTION_INBOUND).addCandidateActionIds(failing)
                .addCandidateActionIds(fine).build());
        assertEquals(fine, d.getActions(0).getActionId());
        var rejected = d.getRejectedList().stream().filter(r -> r.getActionId().equals(failing)).findFirst()
                .orElseThrow();
        assertEquals("ELIGIBILITY_ERROR", rejected.getReasons(0).getCode());
        assertTrue(rejected.getReasons(0).getMessage().contains("no_such_score"), rejected.toString());
    }

    @Test
    void anActionOfADivisionGovernanceDoesNotKnowIsLeftOutAndTheOthersAreStillJudged() {
        String stray = unique("stray-");
        String fine = unique("known-");
        decisioning.createAction(Fixtures.create(stray, Fixtures.offer("Stray division")
                .setDivision(io.crowsnest.common.v1.DivisionRef.newBuilder().setId("no-such-division"))));
        decisioning.createAction(Fixtures.create(fine, Fixtures.offer("Known division")));
        String person = Fixtures.customer(profile, unique("sd") + "@example.com", null, null);
        DecideResponse d = decisioning.decide(Fixtures.decide(person, Channel.CHANNEL_PHONE,
                InteractionDirection.INTERACTION_DIRECTION_INBOUND).addCandidateActionIds(stray)
                .addCandidateActionIds(fine).build());
        assertEquals(java.util.List.of(fine), d.getActionsList().stream().map(a -> a.getActionId()).toList(),
                d.toString());
        var rejected = d.getRejectedList().stream().filter(r -> r.getActionId().equals(stray)).findFirst()
                .orElseThrow();
        assertEquals("GOVERNANCE_REFUSED", rejected.getReasons(0).getCode());
        assertTrue(rejected.getReasons(0).getMessage().contains("INVALID_ARGUMENT"), rejected.toString());
        assertTrue(d.getWarningsList().isEmpty(), d.getWarningsList().toString());
    }

    @Test
    void badDecideRequestsAreRefusedWithEveryField() {
        var request = Fixtures.decide("p-1", Channel.CHANNEL_UNSPECIFIED, InteractionDirection
                .INTERACTION_DIRECTION_UNSPECIFIED).setMaxActions(99).clearIdempotencyKey();
        request.getContextBuilder().putProperties("Bad-Key", Fixtures.string("x"))
                .putProperties("page", Value.newBuilder().setStringValue("x".repeat(5000)).build());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> decisioning.decide(request.build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(GrpcErrorDetails.fields(e).containsAll(java.util.List.of("channel", "context.direction",
                "max_actions", "idempotency_key", "context.properties[\"Bad-Key\"]", "context.properties[\"page\"]")),
                GrpcErrorDetails.fields(e).toString());
        var huge = Fixtures.decide("p-1", Channel.CHANNEL_PHONE, InteractionDirection.INTERACTION_DIRECTION_INBOUND);
        for (int i = 0; i < 20; i++) {
            huge.getContextBuilder().putProperties("k" + i, Fixtures.string("y".repeat(4000)));
        }
        StatusRuntimeException oversized = assertThrows(StatusRuntimeException.class,
                () -> decisioning.decide(huge.build()));
        assertTrue(GrpcErrorDetails.fields(oversized).contains("context"), oversized.toString());
    }

    @Test
    void anUnknownCandidateActionIsNotFoundAndARetiredOneIsLeftOutWithItsRetirement() {
        String person = Fixtures.customer(profile, unique("ua") + "@example.com", null, null);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> decisioning.decide(
                Fixtures.decide(person, Channel.CHANNEL_PHONE, InteractionDirection.INTERACTION_DIRECTION_INBOUND)
                        .addCandidateActionIds("no-such-action").build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals("ACTION_NOT_FOUND", GrpcErrorDetails.reason(e));
        String retired = unique("gone-");
        decisioning.createAction(Fixtures.create(retired, Fixtures.offer("Gone")));
        decisioning.retireAction(io.crowsnest.decisioning.v1.RetireActionRequest.newBuilder().setActionId(retired)
                .setReason(Reason.newBuilder().setCode("OFFER_ENDED")).setRetiredBy("marketer-1")
                .setIdempotencyKey(unique("r-")).build());
        DecideResponse d = decisioning.decide(Fixtures.decide(person, Channel.CHANNEL_PHONE,
                InteractionDirection.INTERACTION_DIRECTION_INBOUND).addCandidateActionIds(retired).build());
        assertEquals(0, d.getActionsCount());
        assertEquals("ACTION_RETIRED", d.getRejected(0).getReasons(0).getCode());
    }

    @Test
    void anUnknownPersonIsNotFound() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> decisioning.decide(
                Fixtures.decide("nobody-" + unique(""), Channel.CHANNEL_PHONE,
                        InteractionDirection.INTERACTION_DIRECTION_INBOUND).build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals("PERSON_NOT_FOUND", GrpcErrorDetails.reason(e));
    }

    @Test
    void anOutcomeForAnActionTheDecisionDidNotProposeOrAnUnknownDecisionIsRefused() {
        String action = unique("o-");
        decisioning.createAction(Fixtures.create(action, Fixtures.offer("Outcome")));
        String person = Fixtures.customer(profile, unique("o") + "@example.com", null, null);
        DecideResponse d = decisioning.decide(Fixtures.decide(person, Channel.CHANNEL_PHONE,
                InteractionDirection.INTERACTION_DIRECTION_INBOUND).addCandidateActionIds(action).build());
        RecordOutcomeRequest.Builder outcome = RecordOutcomeRequest.newBuilder().setDecisionId(d.getDecisionId())
                .setActionId("not-proposed").setType(OutcomeType.OUTCOME_TYPE_ACCEPTED)
                .setOccurredAt(Timestamps.of(Instant.now())).setIdempotencyKey(unique("k-"));
        StatusRuntimeException notIn = assertThrows(StatusRuntimeException.class,
                () -> decisioning.recordOutcome(outcome.build()));
        assertEquals("ACTION_NOT_IN_DECISION", GrpcErrorDetails.reason(notIn));
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> decisioning.recordOutcome(
                outcome.setDecisionId("0000deadbeef").setActionId(action).setIdempotencyKey(unique("k-")).build()));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        StatusRuntimeException answerOnOffer = assertThrows(StatusRuntimeException.class, () -> decisioning
                .recordOutcome(outcome.setDecisionId(d.getDecisionId()).setAnswer(Fixtures.string("yes"))
                        .setIdempotencyKey(unique("k-")).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, answerOnOffer.getStatus().getCode());
    }

    @Test
    void forgettingAPersonErasesTheirDecisionLog() {
        String action = unique("f-");
        decisioning.createAction(Fixtures.create(action, Fixtures.offer("Forget me")));
        String person = Fixtures.customer(profile, unique("f") + "@example.com", null, null);
        DecideResponse d = decisioning.decide(Fixtures.decide(person, Channel.CHANNEL_PHONE,
                InteractionDirection.INTERACTION_DIRECTION_INBOUND).addCandidateActionIds(action).build());
        var forgotten = decisioning.forgetPerson(ForgetPersonRequest.newBuilder().setPersonId(person)
                .setReason(Reason.newBuilder().setCode("GDPR_ERASURE")).setRequestingSystem("privacy-desk")
                .setIdempotencyKey(unique("fp-")).build());
        assertEquals(1, forgotten.getDecisionsErasedCount());
        StatusRuntimeException gone = assertThrows(StatusRuntimeException.class, () -> decisioning.getDecision(
                GetDecisionRequest.newBuilder().setDecisionId(d.getDecisionId()).build()));
        assertEquals("DECISION_NOT_FOUND", GrpcErrorDetails.reason(gone));
        assertTrue(decisioning.forgetPerson(ForgetPersonRequest.newBuilder().setPersonId(person)
                .setReason(Reason.newBuilder().setCode("GDPR_ERASURE")).setRequestingSystem("privacy-desk")
                .setIdempotencyKey(unique("fp-")).build()).getAlreadyForgotten());
    }

    @Test
    void theFieldsEveryContractSharesAreRefusedByThePlatformsRuleInItsWords() {
        String key = "k".repeat(129);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> decisioning.forgetPerson(
                ForgetPersonRequest.newBuilder().setPersonId("no spaces allowed")
                        .setReason(Reason.newBuilder().setCode("gdpr erasure")).setRequestingSystem("Privacy Desk")
                        .setIdempotencyKey(key).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        RequestChecks platform = new RequestChecks();
        platform.personId("no spaces allowed", "person_id");
        platform.reason(Reason.newBuilder().setCode("gdpr erasure").build(), "reason");
        platform.requestingSystem("Privacy Desk", "requesting_system");
        platform.idempotencyKey(key, "idempotency_key");
        assertEquals(platform.violations(), shown(e));
        StatusRuntimeException person = assertThrows(StatusRuntimeException.class, () -> decisioning.decide(
                Fixtures.decide("", Channel.CHANNEL_PHONE, InteractionDirection.INTERACTION_DIRECTION_INBOUND)
                        .setIdempotencyKey("").build()));
        RequestChecks expected = new RequestChecks();
        expected.personId("", "person.person_id");
        expected.idempotencyKey("", "idempotency_key");
        assertEquals(expected.violations(), shown(person));
        StatusRuntimeException noReason = assertThrows(StatusRuntimeException.class, () -> decisioning
                .retireAction(RetireActionRequest.newBuilder().setActionId("never-created")
                        .setReason(Reason.newBuilder().setMessage("m".repeat(1025))).setRetiredBy("marketer-1")
                        .setIdempotencyKey(unique("k-")).build()));
        RequestChecks reason = new RequestChecks();
        reason.reason(Reason.newBuilder().setMessage("m".repeat(1025)).build(), "reason");
        assertEquals(reason.violations(), shown(noReason));
    }

    private static java.util.List<io.crowsnest.platform.grpc.GrpcErrors.FieldViolation> shown(StatusRuntimeException e) {
        return Fixtures.violations(e).stream().map(v -> new io.crowsnest.platform.grpc.GrpcErrors.FieldViolation(
                v.getField(), v.getDescription())).toList();
    }
}
