package io.crowsnest.decisioning.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.scoring.v1.GetScoresRequest;
import io.crowsnest.scoring.v1.GetScoresResponse;
import io.crowsnest.scoring.v1.ScoringServiceGrpc;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;

/** Calls to scoring, each with the configured deadline. */
@ApplicationScoped
public class ScoringClient {

    @GrpcClient("scoring")
    Channel channel;
    @Inject
    DecisioningConfig config;

    /** Scores, value scores and segment memberships, in flight (no explanations). */
    public CompletableFuture<GetScoresResponse> scores(PersonRef person) {
        return Futures.of(ScoringServiceGrpc.newFutureStub(channel)
                .withDeadlineAfter(config.deadlines().scoring().toMillis(), TimeUnit.MILLISECONDS)
                .getScores(GetScoresRequest.newBuilder().setPerson(person).build()));
    }
}
