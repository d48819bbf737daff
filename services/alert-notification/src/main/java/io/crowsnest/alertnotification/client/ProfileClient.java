package io.crowsnest.alertnotification.client;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.google.protobuf.Value;

import io.crowsnest.alertnotification.config.AlertsConfig;
import io.crowsnest.alertnotification.domain.ProfileEvent;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.profile.v1.GetProfileRequest;
import io.crowsnest.profile.v1.ProfileServiceGrpc.ProfileServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;

/** Calls to profile: a person's account manager (a custom attribute) and preferred language. */
@ApplicationScoped
public class ProfileClient {

    @GrpcClient("profile")
    ProfileServiceBlockingStub profile;
    @Inject
    AlertsConfig config;

    /** The agent id held in the account-manager attribute, if the person has one. */
    public Optional<String> accountManager(String personId) {
        Value value = attributes(personId).map(a -> a.getCustomMap().get(config.accountManagerAttribute()))
                .orElse(null);
        if (value == null || value.getKindCase() != Value.KindCase.STRING_VALUE || value.getStringValue().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.getStringValue());
    }

    /** The person's preferred language (BCP 47), if known. */
    public Optional<String> language(String personId) {
        return attributes(personId).map(a -> a.getLanguage()).filter(l -> !l.isEmpty());
    }

    /**
     * The person's events that occurred at or after the instant, newest first, at most {@code limit}
     * (profile's ListEvents), each with profile's encoding of it as payload. NOT_FOUND when profile
     * does not know the person.
     */
    public java.util.List<ProfileEvent> events(String personId, java.time.Instant since, int limit) {
        io.crowsnest.profile.v1.ListEventsRequest.Builder request = io.crowsnest.profile.v1.ListEventsRequest
                .newBuilder().setPerson(PersonRef.newBuilder().setPersonId(personId))
                .setPage(io.crowsnest.common.v1.PageRequest.newBuilder().setPageSize(limit));
        if (since.isAfter(java.time.Instant.EPOCH)) {
            request.setOccurred(io.crowsnest.common.v1.TimeRange.newBuilder()
                    .setStart(io.crowsnest.platform.grpc.Timestamps.of(since)));
        }
        return PeerCalls.call("profile", config.peerAttempts(), () -> profile
                .withDeadlineAfter(config.peerDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .listEvents(request.build())).getEventsList().stream().map(e -> new ProfileEvent(e.getEventId(),
                        io.crowsnest.platform.grpc.Timestamps.instant(e.getOccurredAt()), e.toByteArray())).toList();
    }

    /** The person's attributes; empty when profile holds nothing about the person. */
    private Optional<io.crowsnest.profile.v1.Attributes> attributes(String personId) {
        try {
            return Optional.of(PeerCalls.call("profile", config.peerAttempts(), () -> profile
                    .withDeadlineAfter(config.peerDeadline().toMillis(), TimeUnit.MILLISECONDS)
                    .getProfile(GetProfileRequest.newBuilder()
                            .setPerson(PersonRef.newBuilder().setPersonId(personId)).build()))
                    .getProfile().getAttributes());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
                throw e;
            }
            throw GrpcErrors.error(Status.Code.UNAVAILABLE, "PROFILE_UNAVAILABLE",
                    "profile could not answer (" + e.getStatus().getCode() + "); retry with the same idempotency key");
        }
    }
}
