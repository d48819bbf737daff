package io.crowsnest.gateway.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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


import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.TimeRange;
import io.crowsnest.gateway.config.GatewaySettings;
import io.crowsnest.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import io.crowsnest.identity.v1.LookupPersonRequest;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.GetProfileRequest;
import io.crowsnest.profile.v1.ListEventsRequest;
import io.crowsnest.profile.v1.ProfileServiceGrpc.ProfileServiceBlockingStub;
import io.crowsnest.profile.v1.RecordAnswerRequest;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.crowsnest.scoring.v1.GetScoresRequest;
import io.crowsnest.scoring.v1.ScoringServiceGrpc.ScoringServiceBlockingStub;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.common.annotation.Blocking;

/**
 * Finding a customer by any identifier, and the events agents record (call notes, offline
 * purchases) with the identifiers they have; what an agent writes carries the agent id from
 * X-Agent-Id and the source "call-centre" unless the body names another.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class AgentEventsResource {

    static final String AGENT_SOURCE = "call-centre";

    @GrpcClient("identity")
    IdentityServiceBlockingStub identity;
    @GrpcClient("profile")
    ProfileServiceBlockingStub profile;

    @Inject
    GatewaySettings settings;

    /** Looks a customer up by one identifier: ?type=email&value=jane@example.com[&namespace=...]. */
    @GET
    @Path("customers")
    public Response lookup(@QueryParam("type") String type, @QueryParam("value") String value,
            @QueryParam("namespace") String namespace) {
        List<Problem.Violation> violations = new ArrayList<>();
        if (type == null || type.isBlank()) {
            violations.add(new Problem.Violation("type", "is required, e.g. type=email (see identity's identifier types)"));
        }
        if (value == null || value.isBlank()) {
            violations.add(new Problem.Violation("value", "is required, e.g. value=jane@example.com"));
        }
        InvalidRequest.throwIfAny(violations);
        Identifier.Builder identifier = Identifier.newBuilder().setType(type.trim()).setValue(value);
        if (namespace != null) {
            identifier.setNamespace(namespace.trim());
        }
        return ProtoJson.ok(identity().lookupPerson(LookupPersonRequest.newBuilder().setIdentifier(identifier).build()));
    }

    /**
     * An agent records an event (call notes, an offline purchase): the body is a RecordEventRequest
     * with the identifiers the agent has (e.g. the customer's phone or CRM id).
     */
    @POST
    @Path("events")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response recordEvent(@HeaderParam("X-Agent-Id") String agentId, String body) {
        List<Problem.Violation> violations = new ArrayList<>();
        String agent = RequestParams.requiredHeader(agentId, "X-Agent-Id", violations);
        InvalidRequest.throwIfAny(violations);
        RecordEventRequest.Builder request = ProtoJson.parse(body, RecordEventRequest.newBuilder(), true)
                .setAgentId(agent);
        if (request.getSource().isEmpty()) {
            request.setSource(AGENT_SOURCE);
        }
        return ProtoJson.ok(profile().recordEvent(request.build()));
    }

    private IdentityServiceBlockingStub identity() {
        return identity.withDeadlineAfter(settings.profileDeadline().toMillis(), TimeUnit.MILLISECONDS);
    }

    private ProfileServiceBlockingStub profile() {
        return profile.withDeadlineAfter(settings.profileDeadline().toMillis(), TimeUnit.MILLISECONDS);
    }
}
