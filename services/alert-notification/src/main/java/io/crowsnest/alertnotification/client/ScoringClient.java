package io.crowsnest.alertnotification.client;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.config.AlertsConfig;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.scoring.v1.GetScoresRequest;
import io.crowsnest.scoring.v1.ScoreValue;
import io.crowsnest.scoring.v1.ScoringServiceGrpc.ScoringServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;

/** Calls to scoring: a person's current value of one score, for lead rules. */
@ApplicationScoped
public class ScoringClient {

    @GrpcClient("scoring")
    ScoringServiceBlockingStub scoring;
    @Inject
    AlertsConfig config;

    /** The person's current value of the score; 0 when the person has none (unknown to scoring). */
    public double score(String personId, String scoreName) {
        try {
            return PeerCalls.call("scoring", config.peerAttempts(), () -> scoring
                    .withDeadlineAfter(config.peerDeadline().toMillis(), TimeUnit.MILLISECONDS)
                    .getScores(GetScoresRequest.newBuilder().setPerson(PersonRef.newBuilder().setPersonId(personId))
                            .build()))
                    .getScores().getScoresList().stream().filter(s -> s.getName().equals(scoreName))
                    .mapToDouble(ScoreValue::getValue).findFirst().orElse(0);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return 0;
            }
            throw e;
        }
    }

    /** Every current score of the person by name; empty when scoring does not know the person. */
    public java.util.Map<String, Double> scores(String personId) {
        try {
            java.util.Map<String, Double> out = new java.util.HashMap<>();
            PeerCalls.call("scoring", config.peerAttempts(), () -> scoring
                    .withDeadlineAfter(config.peerDeadline().toMillis(), TimeUnit.MILLISECONDS)
                    .getScores(GetScoresRequest.newBuilder().setPerson(PersonRef.newBuilder().setPersonId(personId))
                            .build()))
                    .getScores().getScoresList().forEach(s -> out.put(s.getName(), s.getValue()));
            return out;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return java.util.Map.of();
            }
            throw e;
        }
    }
}
