package io.crowsnest.decisioning.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.profile.v1.GetProfileRequest;
import io.crowsnest.profile.v1.GetProfileResponse;
import io.crowsnest.profile.v1.ProfileServiceGrpc;
import io.crowsnest.profile.v1.RecordAnswerRequest;
import io.crowsnest.profile.v1.RecordAnswerResponse;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;

/** Calls to profile, each with the configured deadline. */
@ApplicationScoped
public class ProfileClient {

    @GrpcClient("profile")
    Channel channel;
    @Inject
    DecisioningConfig config;

    /**
     * The 360 profile without masked identifiers (decisioning never shows them), and with the recent
     * events only when asked for, in flight.
     */
    public CompletableFuture<GetProfileResponse> profile(PersonRef person, boolean recentEvents) {
        return Futures.of(ProfileServiceGrpc.newFutureStub(channel)
                .withDeadlineAfter(config.deadlines().profile().toMillis(), TimeUnit.MILLISECONDS)
                .getProfile(GetProfileRequest.newBuilder().setPerson(person).setOmitIdentifiers(true)
                        .setOmitRecentEvents(!recentEvents).build()));
    }

    /** Records an answer (idempotent under the request's key). */
    public RecordAnswerResponse recordAnswer(RecordAnswerRequest request) {
        return ProfileServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(config.deadlines().profile().toMillis(), TimeUnit.MILLISECONDS)
                .recordAnswer(request);
    }
}
