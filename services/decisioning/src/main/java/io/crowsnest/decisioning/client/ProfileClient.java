package io.crowsnest.decisioning.client;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.domain.PersonRef;
import io.crowsnest.profile.v1.GetProfileRequest;
import io.crowsnest.profile.v1.ProfileServiceGrpc;
import io.crowsnest.profile.v1.RecordAnswerRequest;
import io.quarkus.grpc.GrpcClient;

/** Calls to profile, each with the configured deadline; a refusal or an outage is a {@link PeerFailure}. */
@ApplicationScoped
public class ProfileClient {

    @GrpcClient("profile")
    io.grpc.Channel channel;
    @Inject
    DecisioningConfig config;

    /**
     * The 360 profile without masked identifiers (decisioning never shows them), and with the recent
     * events only when asked for, in flight.
     */
    public CompletableFuture<PersonProfile> profile(PersonRef person, boolean recentEvents) {
        return Futures.of(ProfileServiceGrpc.newFutureStub(channel)
                .withDeadlineAfter(config.deadlines().profile().toMillis(), TimeUnit.MILLISECONDS)
                .getProfile(GetProfileRequest.newBuilder().setPerson(PeerMapping.person(person))
                        .setOmitIdentifiers(true).setOmitRecentEvents(!recentEvents).build()))
                .thenApply(r -> PeerMapping.profile(r.getProfile()));
    }

    /**
     * Records the person's answer to a question (idempotent under the key); returns the answer's id.
     * The answer is a plain value (String, Double, Boolean or a List of them).
     */
    public String recordAnswer(String personId, String questionId, Object answer, Instant answeredAt, String channel,
            String agentId, String key) {
        return PeerFailure.call(() -> ProfileServiceGrpc.newBlockingStub(this.channel)
                .withDeadlineAfter(config.deadlines().profile().toMillis(), TimeUnit.MILLISECONDS)
                .recordAnswer(RecordAnswerRequest.newBuilder()
                        .setPerson(PeerMapping.person(PersonRef.id(personId))).setQuestionId(questionId)
                        .setAnswer(JsonValues.value(answer))
                        .setAnsweredAt(io.crowsnest.platform.grpc.Timestamps.of(answeredAt))
                        .setChannel(Channel.valueOf("CHANNEL_" + channel)).setSource("decisioning")
                        .setAgentId(agentId).setIdempotencyKey(key).build()))
                .getAnswer().getAnswerId();
    }
}
