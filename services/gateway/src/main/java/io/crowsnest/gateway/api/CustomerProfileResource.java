package io.crowsnest.gateway.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.TimeRange;
import io.crowsnest.gateway.client.PopulationTiers;
import io.crowsnest.gateway.config.GatewaySettings;
import io.crowsnest.gateway.domain.ValueRank;
import io.crowsnest.gateway.security.Caller;
import io.crowsnest.gateway.security.Roles;
import io.crowsnest.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import io.crowsnest.identity.v1.LookupPersonRequest;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.GetProfileRequest;
import io.crowsnest.profile.v1.ListEventsRequest;
import io.crowsnest.profile.v1.ProfileServiceGrpc.ProfileServiceBlockingStub;
import io.crowsnest.profile.v1.RecordAnswerRequest;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.crowsnest.scoring.v1.GetScoresRequest;
import io.crowsnest.scoring.v1.ProfitabilityTier;
import io.crowsnest.scoring.v1.ScoringServiceGrpc.ScoringServiceBlockingStub;
import io.crowsnest.scoring.v1.ValueScores;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.common.annotation.Blocking;

/**
 * The call-centre view of one customer: the 360 profile, the events, the scores and segments, and
 * the answers agents record (with the signed-in agent's id and the source "call-centre"
 * unless the body names another). Shares its class path with CustomerContactResource: the
 * routing picks the class by path template first, so every per-customer endpoint lives under it.
 */
@Path("/api/v1/customers/{personId}")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.AGENT)
public class CustomerProfileResource {

    @Inject
    Caller caller;

    @GrpcClient("profile")
    ProfileServiceBlockingStub profile;
    @GrpcClient("scoring")
    ScoringServiceBlockingStub scoring;

    @Inject
    GatewaySettings settings;
    @Inject
    PopulationTiers population;
    /** How old a population answer may be when the customer's tier is missing from the kept one. */
    private static final java.time.Duration RANK_RETRY = java.time.Duration.ofSeconds(5);
    @Inject
    ObjectMapper mapper;

    /** The 360 view with the customer's value scores and profitability rank; ?recent_events=N (0 to 100, default 20). */
    @AuditedRead
    @GET
    public Response profile(@PathParam("personId") String personId, @QueryParam("recent_events") String recent) {
        List<Problem.Violation> violations = new ArrayList<>();
        int limit = recent == null || recent.isBlank() ? 0 : (int) RequestParams.number(recent, "recent_events", violations);
        InvalidRequest.throwIfAny(violations);
        return Response.ok(ProtoJson.printWith(profile().getProfile(GetProfileRequest.newBuilder()
                .setPerson(person(personId)).setRecentEventsLimit(limit).build()), valueOf(personId)),
                MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * "value": the customer's value scores from scoring (RFM quintiles, profitability tier, churn
     * risk), so that any call-centre app sees at once how valuable the customer is, and, for a
     * customer in a profitability tier, "value_rank": the tier's rank and the share of customers at
     * least as profitable (ValueRank). When scoring cannot answer, "value_unavailable" (or
     * "value_rank_unavailable") says why and the profile is still answered.
     */
    private String valueOf(String personId) {
        ValueScores value;
        try {
            value = scoring.withDeadlineAfter(settings.profileDeadline().toMillis(), TimeUnit.MILLISECONDS)
                    .getScores(GetScoresRequest.newBuilder().setPerson(person(personId)).build()).getScores()
                    .getValue();
        } catch (StatusRuntimeException e) {
            return "\"value_unavailable\":" + TextNode.valueOf("scoring answered " + e.getStatus().getCode());
        }
        String json = "\"value\":" + ProtoJson.print(value);
        if (!value.hasProfitability()) {
            return json;
        }
        try {
            ValueRank rank = rank(value.getProfitability(), population.current());
            if (rank == null) {
                // the kept population answer came before this customer reached the tier
                rank = rank(value.getProfitability(), population.youngerThan(RANK_RETRY));
            }
            return json + "," + (rank == null ? "\"value_rank_unavailable\":\"the customer's tier is not in scoring's"
                    + " population snapshot yet\"" : "\"value_rank\":" + json(rank));
        } catch (StatusRuntimeException e) {
            return json + ",\"value_rank_unavailable\":" + TextNode.valueOf(
                    "POPULATION_VIEW_NOT_READY".equals(GrpcProblems.toProblem(e).reason())
                            ? "scoring has not taken its population snapshot yet (it started a moment ago)"
                            : "scoring's population view answered " + e.getStatus().getCode());
        }
    }

    private static ValueRank rank(ProfitabilityTier tier, PopulationTiers.Tiers tiers) {
        return ValueRank.of(tier.getTierId(), tier.getRank(), tiers.tiers(), tiers.population());
    }

    private String json(ValueRank rank) {
        try {
            return mapper.writeValueAsString(rank);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the value rank", e);
        }
    }

    @AuditedRead
    @GET
    @Path("events")
    public Response events(@PathParam("personId") String personId, @QueryParam("type") List<String> types,
            @QueryParam("channel") List<String> channels, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("page_size") String pageSize, @QueryParam("page_token") String pageToken) {
        List<Problem.Violation> violations = new ArrayList<>();
        ListEventsRequest.Builder request = ListEventsRequest.newBuilder().setPerson(person(personId))
                .addAllTypes(RequestParams.enums(RequestParams.values(types), EventType.class, "EVENT_TYPE_", "type",
                        violations))
                .addAllChannels(RequestParams.enums(RequestParams.values(channels), Channel.class, "CHANNEL_",
                        "channel", violations))
                .setPage(RequestParams.page(pageSize, pageToken, violations));
        TimeRange range = RequestParams.range(from, to, violations);
        InvalidRequest.throwIfAny(violations);
        if (range != null) {
            request.setOccurred(range);
        }
        return ProtoJson.ok(profile().listEvents(request.build()));
    }

    /** Every score, feature and segment of the customer with explanations; ?explanations=N (0 to 50). */
    @AuditedRead
    @GET
    @Path("scores")
    public Response scores(@PathParam("personId") String personId, @QueryParam("explanations") String limit) {
        List<Problem.Violation> violations = new ArrayList<>();
        int explanations = limit == null || limit.isBlank() ? 0
                : (int) RequestParams.number(limit, "explanations", violations);
        InvalidRequest.throwIfAny(violations);
        return ProtoJson.ok(scoring.withDeadlineAfter(settings.profileDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .getScores(GetScoresRequest.newBuilder().setPerson(person(personId)).setExplanationLimit(explanations)
                        .build()));
    }

    /** An agent records the customer's answer: the body is a RecordAnswerRequest without person. */
    @POST
    @Path("answers")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response recordAnswer(@PathParam("personId") String personId, @HeaderParam("Idempotency-Key") String idempotencyKey, String body) {
        List<Problem.Violation> violations = new ArrayList<>();
        String agent = caller.id();
        String key = RequestParams.requiredHeader(idempotencyKey, "Idempotency-Key", violations);
        InvalidRequest.throwIfAny(violations);
        RecordAnswerRequest.Builder request = ProtoJson.parse(body, RecordAnswerRequest.newBuilder(), true)
                .setPerson(person(personId)).setAgentId(agent).setIdempotencyKey(key);
        if (request.getSource().isEmpty()) {
            request.setSource(AgentEventsResource.AGENT_SOURCE);
        }
        if (request.getChannel() == Channel.CHANNEL_UNSPECIFIED) {
            request.setChannel(Channel.CHANNEL_PHONE);
        }
        return ProtoJson.ok(profile().recordAnswer(request.build()));
    }

    private ProfileServiceBlockingStub profile() {
        return profile.withDeadlineAfter(settings.profileDeadline().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static PersonRef person(String personId) {
        return PersonRef.newBuilder().setPersonId(personId).build();
    }
}
