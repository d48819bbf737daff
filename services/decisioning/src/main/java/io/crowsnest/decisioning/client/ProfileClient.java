package io.crowsnest.decisioning.client;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.domain.PersonRef;
import io.crowsnest.profile.v1.Event;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.GetProfileRequest;
import io.crowsnest.profile.v1.ListEventsRequest;
import io.crowsnest.profile.v1.ListEventsResponse;
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

    /** A purchase profile holds: its event id, when it happened and the amount paid (negative: a refund). */
    public record Purchase(String eventId, Instant occurredAt, io.crowsnest.decisioning.domain.Money amount) {
    }

    /**
     * The person's purchase events (EVENT_TYPE_PURCHASE with an amount) that happened in [from, to),
     * every page; none when profile no longer knows the person.
     */
    public java.util.List<Purchase> purchases(String personId, Instant from, Instant to) {
        java.util.List<Purchase> out = new java.util.ArrayList<>();
        String token = "";
        do {
            ListEventsRequest request = ListEventsRequest.newBuilder()
                    .setPerson(PeerMapping.person(PersonRef.id(personId)))
                    .setOccurred(io.crowsnest.common.v1.TimeRange.newBuilder()
                            .setStart(io.crowsnest.platform.grpc.Timestamps.of(from))
                            .setEnd(io.crowsnest.platform.grpc.Timestamps.of(to)))
                    .addTypes(EventType.EVENT_TYPE_PURCHASE)
                    .setPage(io.crowsnest.common.v1.PageRequest.newBuilder().setPageSize(500).setPageToken(token))
                    .build();
            ListEventsResponse page;
            try {
                page = PeerFailure.call(() -> ProfileServiceGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(config.deadlines().profile().toMillis(), TimeUnit.MILLISECONDS)
                        .listEvents(request));
            } catch (PeerFailure e) {
                if (e.notFound()) {
                    return java.util.List.of();
                }
                throw e;
            }
            for (Event e : page.getEventsList()) {
                if (e.hasAmount()) {
                    out.add(new Purchase(e.getEventId(), io.crowsnest.platform.grpc.Timestamps.instant(
                            e.getOccurredAt()), new io.crowsnest.decisioning.domain.Money(e.getAmount()
                                    .getCurrencyCode(), e.getAmount().getAmountMinor())));
                }
            }
            token = page.getPage().getNextPageToken();
        } while (!token.isEmpty());
        return out;
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
                        .setAnswer(DecisioningJson.VALUES.value(answer))
                        .setAnsweredAt(io.crowsnest.platform.grpc.Timestamps.of(answeredAt))
                        .setChannel(Channel.valueOf("CHANNEL_" + channel)).setSource("decisioning")
                        .setAgentId(agentId).setIdempotencyKey(key).build()))
                .getAnswer().getAnswerId();
    }
}
