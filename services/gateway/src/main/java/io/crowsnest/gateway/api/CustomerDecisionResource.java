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
import jakarta.ws.rs.core.UriBuilder;

import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.decisioning.v1.DecideRequest;
import io.crowsnest.decisioning.v1.DecideResponse;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc.DecisioningServiceBlockingStub;
import io.crowsnest.decisioning.v1.InteractionDirection;
import io.crowsnest.decisioning.v1.ListDecisionsRequest;
import io.crowsnest.gateway.config.GatewaySettings;
import io.crowsnest.gateway.security.Caller;
import io.crowsnest.gateway.security.Roles;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.common.annotation.Blocking;

/**
 * The next best actions for the customer on the line: an agent asks for a decision (the
 * situation in the body) and reads the customer's earlier decisions. Shares its class path with
 * the other per-customer resources (see CustomerProfileResource).
 */
@Path("/api/v1/customers/{personId}")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.AGENT)
public class CustomerDecisionResource {

    @Inject
    Caller caller;

    @GrpcClient("decisioning")
    DecisioningServiceBlockingStub decisioning;

    @Inject
    GatewaySettings settings;

    /**
     * Decide: the body is a DecideRequest without person and idempotency_key (channel, context,
     * max_actions, kinds, candidate_action_ids, explain_rejected), all optional. The gateway sets
     * the person from the path, the idempotency key from Idempotency-Key and context.agent_id from the
     * signed-in agent (the key required); an unset channel is CHANNEL_PHONE and an unset direction
     * INBOUND (the customer called). 201 with the decision's Location.
     */
    @APIResponse(responseCode = "201", description = "Created: the decision", headers = @Header(name = "Location", description = "the decision, /api/v1/decisions/{decisionId}"))
    @POST
    @Path("decisions")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response decide(@PathParam("personId") String personId, @HeaderParam("Idempotency-Key") String idempotencyKey, String body) {
        AgentHeaders headers = AgentHeaders.required(caller, idempotencyKey);
        DecideRequest.Builder request = ProtoJson.parse(body, DecideRequest.newBuilder(), false)
                .setPerson(PersonRef.newBuilder().setPersonId(personId)).setIdempotencyKey(headers.idempotencyKey());
        request.getContextBuilder().setAgentId(headers.agentId());
        if (request.getChannel() == Channel.CHANNEL_UNSPECIFIED) {
            request.setChannel(Channel.CHANNEL_PHONE);
        }
        if (request.getContext().getDirection() == InteractionDirection.INTERACTION_DIRECTION_UNSPECIFIED) {
            request.getContextBuilder().setDirection(InteractionDirection.INTERACTION_DIRECTION_INBOUND);
        }
        DecideResponse decision = decisioning().decide(request.build());
        return ProtoJson.created(UriBuilder.fromResource(DecisionResource.class).path("{decisionId}")
                .build(decision.getDecisionId()), decision);
    }

    /** The customer's decisions, newest first, with candidates, factors and outcomes; paged. */
    @AuditedRead
    @GET
    @Path("decisions")
    public Response decisions(@PathParam("personId") String personId, @QueryParam("page_size") String pageSize,
            @QueryParam("page_token") String pageToken) {
        List<Problem.Violation> violations = new ArrayList<>();
        ListDecisionsRequest request = ListDecisionsRequest.newBuilder().setPersonId(personId)
                .setPage(RequestParams.page(pageSize, pageToken, violations)).build();
        InvalidRequest.throwIfAny(violations);
        return ProtoJson.ok(decisioning().listDecisions(request));
    }

    private DecisioningServiceBlockingStub decisioning() {
        return decisioning.withDeadlineAfter(settings.decisioningDeadline().toMillis(), TimeUnit.MILLISECONDS);
    }
}
