package io.crowsnest.decisioning;

import static io.crowsnest.decisioning.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.decisioning.v1.DecideResponse;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc.DecisioningServiceBlockingStub;
import io.crowsnest.decisioning.v1.GetDecisionRequest;
import io.crowsnest.decisioning.v1.InteractionDirection;
import io.crowsnest.decisioning.v1.ListDecisionsRequest;
import io.crowsnest.decisioning.v1.OutcomeType;
import io.crowsnest.decisioning.v1.RecordOutcomeRequest;
import io.crowsnest.identity.v1.ForgetPersonRequest;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.identity.v1.LinkPersonsRequest;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.platform.grpc.Timestamps;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Identity's change stream drives decisioning: a merge gives the survivor the merged person's
 * decision log and cooldowns; an erasure in identity removes every decision of the person.
 */
@QuarkusTest
@QuarkusTestResource(value = Neighbours.class, restrictToAnnotatedClass = true)
class MergeTest extends ThroughGrpc {

    @Test
    void aMergeGivesTheSurvivorTheDecisionLogAndCooldownsAndAnErasureRemovesThem() {
        String action = unique("merge-");
        decisioning.createAction(Fixtures.create(action, Fixtures.offer("Merged offer")));
        String a = Fixtures.customer(profile, unique("ma") + "@example.com", null, null);
        String b = Fixtures.customer(profile, unique("mb") + "@example.com", null, null);
        DecideResponse ofA = decide(a, action);
        decisioning.recordOutcome(RecordOutcomeRequest.newBuilder().setDecisionId(ofA.getDecisionId())
                .setActionId(action).setType(OutcomeType.OUTCOME_TYPE_DECLINED)
                .setOccurredAt(Timestamps.of(Instant.now())).setIdempotencyKey(unique("o-")).build());
        DecideResponse ofB = decide(b, action);

        String survivor = IdentityServiceGrpc.newBlockingStub(identity).linkPersons(LinkPersonsRequest.newBuilder()
                .setPersonId(a).setOtherPersonId(b).setReason(Reason.newBuilder().setCode("LOGIN"))
                .setRequestingSystem("web-login").setRequestId(unique("login-")).setIdempotencyKey(unique("l-"))
                .build()).getSurvivorPersonId();
        String merged = survivor.equals(a) ? b : a;
        await(() -> decisioning.getDecision(GetDecisionRequest.newBuilder().setDecisionId(
                (merged.equals(a) ? ofA : ofB).getDecisionId()).build()).getDecision().getPersonId().equals(survivor),
                "the merged person's decision moved to the survivor");
        List<String> log = decisioning.listDecisions(ListDecisionsRequest.newBuilder().setPersonId(merged).build())
                .getDecisionsList().stream().map(d -> d.getDecisionId()).toList();
        assertTrue(log.containsAll(List.of(ofA.getDecisionId(), ofB.getDecisionId())), log.toString());
        DecideResponse after = decisioning.decide(Fixtures.decide(survivor, Channel.CHANNEL_PHONE,
                InteractionDirection.INTERACTION_DIRECTION_INBOUND).addCandidateActionIds(action).build());
        assertEquals("DECLINE_COOLDOWN", after.getRejected(0).getReasons(0).getCode(), after.toString());

        IdentityServiceGrpc.newBlockingStub(identity).forgetPerson(ForgetPersonRequest.newBuilder()
                .setPersonId(survivor).setReason(Reason.newBuilder().setCode("GDPR_ERASURE"))
                .setRequestingSystem("privacy-desk").setIdempotencyKey(unique("f-")).build());
        await(() -> {
            try {
                decisioning.getDecision(GetDecisionRequest.newBuilder().setDecisionId(ofA.getDecisionId()).build());
                return false;
            } catch (StatusRuntimeException e) {
                return e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND;
            }
        }, "the forgotten person's decision is gone");
        assertEquals(0, decisioning.listDecisions(ListDecisionsRequest.newBuilder().setPersonId(survivor).build())
                .getDecisionsCount());
    }

    private DecideResponse decide(String person, String action) {
        return decisioning.decide(Fixtures.decide(person, Channel.CHANNEL_PHONE,
                InteractionDirection.INTERACTION_DIRECTION_INBOUND).addCandidateActionIds(action).build());
    }

    /** Waits for an asynchronous effect (identity's stream reaching decisioning). */
    private static void await(BooleanSupplier done, String what) {
        Await.until(Duration.ofSeconds(30), done, what);
    }
}
