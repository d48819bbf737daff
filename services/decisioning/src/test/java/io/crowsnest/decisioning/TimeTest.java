package io.crowsnest.decisioning;

import static io.crowsnest.decisioning.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.decisioning.sweeps.RetentionSweep;
import io.crowsnest.decisioning.v1.DecideResponse;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc.DecisioningServiceBlockingStub;
import io.crowsnest.decisioning.v1.GetDecisionRequest;
import io.crowsnest.decisioning.v1.InteractionDirection;
import io.crowsnest.decisioning.v1.OutcomeType;
import io.crowsnest.decisioning.v1.RecordOutcomeRequest;
import io.crowsnest.localstack.testing.GrpcErrorDetails;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.time.MovableClock;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** What time does, with the service's clock moved instead of waiting: cooldowns end, windows close, the log expires. */
@QuarkusTest
@QuarkusTestResource(value = Neighbours.class, restrictToAnnotatedClass = true)
class TimeTest extends ThroughGrpc {

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Inject
    MovableClock clock;
    @Inject
    RetentionSweep retention;

    @Test
    void aDeclinedActionComesBackAfterItsCooldownAndLateOutcomesAreRefused() {
        String action = unique("cool-");
        decisioning.createAction(Fixtures.create(action, Fixtures.offer("Cooling offer")
                .setDeclineCooldown(io.crowsnest.common.v1.RollingWindow.newBuilder().setLength(2)
                        .setUnit(io.crowsnest.common.v1.WindowUnit.WINDOW_UNIT_DAYS))));
        String person = Fixtures.customer(profile, unique("t") + "@example.com", null, null);
        DecideResponse first = decide(person, action);
        decisioning.recordOutcome(RecordOutcomeRequest.newBuilder().setDecisionId(first.getDecisionId())
                .setActionId(action).setType(OutcomeType.OUTCOME_TYPE_DECLINED)
                .setOccurredAt(Timestamps.of(Instant.now())).setIdempotencyKey(unique("o-")).build());
        clock.advance(Duration.ofDays(1));
        assertEquals("DECLINE_COOLDOWN", decide(person, action).getRejected(0).getReasons(0).getCode());
        clock.advance(Duration.ofDays(1).plusMinutes(1));
        assertEquals(action, decide(person, action).getActions(0).getActionId());

        clock.advance(Duration.ofDays(90));
        StatusRuntimeException late = assertThrows(StatusRuntimeException.class, () -> decisioning.recordOutcome(
                RecordOutcomeRequest.newBuilder().setDecisionId(first.getDecisionId()).setActionId(action)
                        .setType(OutcomeType.OUTCOME_TYPE_CONVERTED)
                        .setOccurredAt(Timestamps.of(clock.instant())).setIdempotencyKey(unique("o-")).build()));
        assertEquals("OUTCOME_WINDOW_CLOSED", GrpcErrorDetails.reason(late));
    }

    @Test
    void theDecisionLogIsKeptForItsRetentionThenDeleted() {
        String action = unique("kept-");
        decisioning.createAction(Fixtures.create(action, Fixtures.offer("Kept offer")));
        String person = Fixtures.customer(profile, unique("r") + "@example.com", null, null);
        DecideResponse d = decide(person, action);
        clock.advance(Duration.ofDays(394));
        retention.sweep();
        assertEquals(d.getDecisionId(), decisioning.getDecision(GetDecisionRequest.newBuilder()
                .setDecisionId(d.getDecisionId()).build()).getDecision().getDecisionId());
        clock.advance(Duration.ofDays(2));
        assertTrue(retention.sweep() >= 1);
        StatusRuntimeException gone = assertThrows(StatusRuntimeException.class, () -> decisioning.getDecision(
                GetDecisionRequest.newBuilder().setDecisionId(d.getDecisionId()).build()));
        assertEquals("DECISION_NOT_FOUND", GrpcErrorDetails.reason(gone));
    }

    private DecideResponse decide(String person, String action) {
        return decisioning.decide(Fixtures.decide(person, Channel.CHANNEL_PHONE,
                InteractionDirection.INTERACTION_DIRECTION_INBOUND).addCandidateActionIds(action).build());
    }
}
