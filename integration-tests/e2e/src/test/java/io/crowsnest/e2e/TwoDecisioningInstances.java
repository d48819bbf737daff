package io.crowsnest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.decisioning.v1.ActionKind;
import io.crowsnest.decisioning.v1.ActionSpec;
import io.crowsnest.decisioning.v1.CreateActionRequest;
import io.crowsnest.decisioning.v1.DecideRequest;
import io.crowsnest.decisioning.v1.DecideResponse;
import io.crowsnest.decisioning.v1.DecisionContext;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc.DecisioningServiceBlockingStub;
import io.crowsnest.decisioning.v1.InteractionDirection;
import io.crowsnest.decisioning.v1.OutcomeType;
import io.crowsnest.decisioning.v1.RankedAction;
import io.crowsnest.decisioning.v1.RecordOutcomeRequest;
import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.localstack.testing.FreePort;
import io.crowsnest.localstack.testing.SignedChannels;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.ProfileServiceGrpc;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.grpc.ManagedChannel;

/**
 * Two decisioning processes learn as one: outcomes recorded concurrently through both, each one
 * several times, count once; a third process started afterwards (a restart, as far as learning is
 * concerned) proposes the action with the same learned propensity.
 */
final class TwoDecisioningInstances {

    private static final int PEOPLE = 6;
    private static final int THREADS = 8;

    private TwoDecisioningInstances() {
    }

    static void run(LocalStack stack) throws Exception {
        int replicaGrpc = FreePort.pick();
        stack.startReplica("decisioning", FreePort.pick(), replicaGrpc);
        List<ManagedChannel> channels = new ArrayList<>(List.of(channel(stack.grpcPort("decisioning")),
                channel(replicaGrpc)));
        ManagedChannel profile = channel(stack.grpcPort("profile"));
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            DecisioningServiceBlockingStub a = stub(channels.get(0));
            DecisioningServiceBlockingStub b = stub(channels.get(1));
            String action = "e2e-next-step-" + UUID.randomUUID().toString().substring(0, 8);
            a.createAction(CreateActionRequest.newBuilder().setActionId(action).setSpec(ActionSpec.newBuilder()
                    .setKind(ActionKind.ACTION_KIND_NEXT_STEP).setName("Offer a branch appointment")
                    .addChannels(Channel.CHANNEL_PHONE).setDivision(DivisionRef.newBuilder().setId("cards")))
                    .setCreatedBy("e2e").setIdempotencyKey(UUID.randomUUID().toString()).build());
            List<DecideResponse> decisions = new ArrayList<>();
            for (int i = 0; i < PEOPLE; i++) {
                String person = person(profile);
                decisions.add((i % 2 == 0 ? a : b).decide(decide(person, action)));
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                DecisioningServiceBlockingStub stub = t % 2 == 0 ? a : b;
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < decisions.size(); i++) {
                        OutcomeType type = i < PEOPLE / 2 ? OutcomeType.OUTCOME_TYPE_ACCEPTED
                                : OutcomeType.OUTCOME_TYPE_IGNORED;
                        stub.recordOutcome(RecordOutcomeRequest.newBuilder()
                                .setDecisionId(decisions.get(i).getDecisionId()).setActionId(action).setType(type)
                                .setOccurredAt(com.google.protobuf.util.Timestamps.fromMillis(System.currentTimeMillis()))
                                .setIdempotencyKey(UUID.randomUUID().toString()).build());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(2, TimeUnit.MINUTES);
            }
            double expected = (0.05 * 20 + PEOPLE / 2) / (20.0 + PEOPLE);
            String someone = person(profile);
            int laterGrpc = FreePort.pick();
            stack.startReplica("decisioning", FreePort.pick(), laterGrpc);
            channels.add(channel(laterGrpc));
            for (DecisioningServiceBlockingStub stub : List.of(a, b, stub(channels.get(2)))) {
                RankedAction shown = awaitPropensity(stub, someone, action, expected);
                assertTrue(shown.getRanking().getFactors(0).getSource().startsWith("learned from " + PEOPLE
                        + " presentations on phone"), shown.getRanking().getFactors(0).getSource());
                assertEquals(Integer.toString(PEOPLE / 2), shown.getRanking().getFactors(0).getFiguresOrThrow(
                        "accepted"));
            }
        } finally {
            pool.shutdownNow();
            channels.forEach(ManagedChannel::shutdownNow);
            profile.shutdownNow();
        }
    }

    /** Replicas reuse learned counts for a few seconds (configured), so poll with a deadline. */
    private static RankedAction awaitPropensity(DecisioningServiceBlockingStub stub, String person, String action,
            double expected) {
        return Await.until(Duration.ofSeconds(30), () -> stub.decide(decide(person, action)).getActions(0),
                shown -> Math.abs(shown.getPropensity() - expected) < 1e-9 && !shown.getRanking().getExploration(),
                "the ranked action shows the learned propensity " + expected);
    }

    private static DecideRequest decide(String person, String action) {
        return DecideRequest.newBuilder().setPerson(PersonRef.newBuilder().setPersonId(person))
                .setChannel(Channel.CHANNEL_PHONE).setContext(DecisionContext.newBuilder()
                        .setDirection(InteractionDirection.INTERACTION_DIRECTION_INBOUND))
                .addCandidateActionIds(action).setIdempotencyKey(UUID.randomUUID().toString()).build();
    }

    private static String person(ManagedChannel profile) {
        return ProfileServiceGrpc.newBlockingStub(profile).recordEvent(RecordEventRequest.newBuilder()
                .setEventId("e2e:" + UUID.randomUUID()).addIdentifiers(Identifier.newBuilder().setType("email")
                        .setValue(UUID.randomUUID().toString().substring(0, 12) + "@example.com"))
                .setType(EventType.EVENT_TYPE_PAGE_VIEW).setChannel(Channel.CHANNEL_WEB)
                .setOccurredAt(com.google.protobuf.util.Timestamps.fromMillis(System.currentTimeMillis())).setSource("web-analytics").build()).getPersonId();
    }

    private static DecisioningServiceBlockingStub stub(ManagedChannel channel) {
        return DecisioningServiceGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.MINUTES);
    }

    private static ManagedChannel channel(int port) {
        return SignedChannels.to(port);
    }
}
