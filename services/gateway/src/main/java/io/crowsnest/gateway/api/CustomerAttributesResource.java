package io.crowsnest.gateway.api;

import java.util.concurrent.TimeUnit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.gateway.config.GatewaySettings;
import io.crowsnest.gateway.security.Caller;
import io.crowsnest.gateway.security.Roles;
import io.crowsnest.profile.v1.ProfileServiceGrpc.ProfileServiceBlockingStub;
import io.crowsnest.profile.v1.UpdateAttributesRequest;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.common.annotation.Blocking;

/**
 * An agent corrects or completes what the company knows of the customer: attributes (by path),
 * the products held with their version, the relationships with divisions. Shares its class path
 * with the other per-customer resources (see CustomerProfileResource).
 */
@Path("/api/v1/customers/{personId}")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.AGENT)
public class CustomerAttributesResource {

    @Inject
    Caller caller;

    @GrpcClient("profile")
    ProfileServiceBlockingStub profile;

    @Inject
    GatewaySettings settings;

    /**
     * UpdateAttributes: the body is an UpdateAttributesRequest without person (attributes with
     * paths, upsert_products, remove_product_ids, upsert_relationships, observed_at). The gateway
     * sets the person from the path, agent_id from the signed-in agent and the idempotency key from
     * Idempotency-Key (both required); the source is "call-centre" unless the body names another.
     */
    @PATCH
    @Path("attributes")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response updateAttributes(@PathParam("personId") String personId,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            String body) {
        AgentHeaders headers = AgentHeaders.required(caller, idempotencyKey);
        UpdateAttributesRequest.Builder request = ProtoJson.parse(body, UpdateAttributesRequest.newBuilder(), true)
                .setPerson(PersonRef.newBuilder().setPersonId(personId)).setAgentId(headers.agentId()).setIdempotencyKey(headers.idempotencyKey());
        if (request.getSource().isEmpty()) {
            request.setSource(AgentEventsResource.AGENT_SOURCE);
        }
        return ProtoJson.ok(profile.withDeadlineAfter(settings.profileDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .updateAttributes(request.build()));
    }
}
