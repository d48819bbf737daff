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

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.TimeRange;
import io.crowsnest.gateway.config.GatewaySettings;
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
import io.crowsnest.scoring.v1.ScoringServiceGrpc.ScoringServiceBlockingStub;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.common.annotation.Blocking;

/**
 * The events agents record (call notes, offline
 * purchases) with the identifiers they have; what an agent writes carries the agent id from
 * the signed-in agent and the source "call-centre" unless the body names another.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.AGENT)
public class AgentEventsResource {

    @Inject
    Caller caller;

    static final String AGENT_SOURCE = "call-centre";

    @GrpcClient("identity")
    IdentityServiceBlockingStub identity;
    @GrpcClient("profile")
    ProfileServiceBlockingStub profile;

    @Inject
    GatewaySettings settings;

    /**
     * An agent records an event (call notes, an offline purchase): the body is a RecordEventRequest
     * with the identifiers the agent has (e.g. the customer's phone or CRM id). A machine client
     * (role service, e.g. a collector) posts events too; only an agent's event carries its agent id.
     */
    @RolesAllowed({ Roles.AGENT, Roles.SERVICE })
    @POST
    @Path("events")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response recordEvent(String body) {
        RecordEventRequest.Builder request = ProtoJson.parse(body, RecordEventRequest.newBuilder(), true)
                .setAgentId(caller.hasRole(Roles.AGENT) ? caller.id() : "");
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
