package io.crowsnest.gateway.api;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.crowsnest.decisioning.v1.DecisioningServiceGrpc.DecisioningServiceBlockingStub;
import io.crowsnest.decisioning.v1.GetDecisionRequest;
import io.crowsnest.decisioning.v1.RecordOutcomeRequest;
import io.crowsnest.gateway.config.GatewaySettings;
import io.crowsnest.gateway.security.Caller;
import io.crowsnest.gateway.security.Roles;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.common.annotation.Blocking;

/**
 * One decision: read it with its outcomes ("why was this offered?"), and record what happened to
 * an action it proposed — presented, accepted (with the answer to a question), declined, ignored,
 * converted.
 */
@Path("/api/v1/decisions")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.AGENT)
public class DecisionResource {

    @Inject
    Caller caller;

    @GrpcClient("decisioning")
    DecisioningServiceBlockingStub decisioning;

    @Inject
    GatewaySettings settings;

    @GET
    @Path("{decisionId}")
    public Response decision(@PathParam("decisionId") String decisionId) {
        return ProtoJson.ok(decisioning().getDecision(GetDecisionRequest.newBuilder().setDecisionId(decisionId)
                .build()));
    }

    /**
     * RecordOutcome: the body is a RecordOutcomeRequest without decision_id (action_id, type,
     * answer, reason...). The gateway sets decision_id from the path, agent_id from the signed-in agent and
     * the idempotency key from Idempotency-Key (both required). occurred_at stays the caller's:
     * a default of "now" would make a retry with the same key a different request.
     */
    @POST
    @Path("{decisionId}/outcomes")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response recordOutcome(@PathParam("decisionId") String decisionId,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            String body) {
        AgentHeaders headers = AgentHeaders.required(caller, idempotencyKey);
        RecordOutcomeRequest.Builder request = ProtoJson.parse(body, RecordOutcomeRequest.newBuilder(), true)
                .setDecisionId(decisionId).setAgentId(headers.agentId()).setIdempotencyKey(headers.idempotencyKey());
        return ProtoJson.ok(decisioning().recordOutcome(request.build()));
    }

    private DecisioningServiceBlockingStub decisioning() {
        return decisioning.withDeadlineAfter(settings.decisioningDeadline().toMillis(), TimeUnit.MILLISECONDS);
    }
}
