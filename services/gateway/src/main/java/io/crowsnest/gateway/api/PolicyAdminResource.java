package io.crowsnest.gateway.api;

import java.util.ArrayList;
import java.util.Iterator;
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

import io.crowsnest.contactgovernance.v1.ActivatePolicyVersionRequest;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc.ContactGovernanceServiceBlockingStub;
import io.crowsnest.contactgovernance.v1.GetPolicyRequest;
import io.crowsnest.contactgovernance.v1.ListPoliciesRequest;
import io.crowsnest.contactgovernance.v1.ListPolicyVersionsRequest;
import io.crowsnest.contactgovernance.v1.PolicyVersion;
import io.crowsnest.contactgovernance.v1.SimulatePolicyRequest;
import io.crowsnest.contactgovernance.v1.SimulatePolicyResponse;
import io.crowsnest.contactgovernance.v1.UpsertPolicyRequest;
import io.crowsnest.contactgovernance.v1.UpsertPolicyResponse;
import io.crowsnest.gateway.config.GatewaySettings;
import io.crowsnest.gateway.security.Caller;
import io.crowsnest.gateway.security.Roles;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.common.annotation.Blocking;

/**
 * Administrators manage contact policies: list them, read their versions and audit trail, write
 * a new version (a DRAFT), simulate a policy on past contacts and make a version the governing one. Each endpoint is one
 * contact-governance RPC; bodies and answers are its messages in proto3 JSON.
 */
@Path("/api/v1/admin/policies")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.ADMIN)
public class PolicyAdminResource {

    @Inject
    Caller caller;

    @GrpcClient("contact-governance")
    ContactGovernanceServiceBlockingStub governance;

    @Inject
    GatewaySettings settings;

    @GET
    public Response policies(@QueryParam("page_size") String pageSize, @QueryParam("page_token") String pageToken) {
        List<Problem.Violation> violations = new ArrayList<>();
        ListPoliciesRequest request = ListPoliciesRequest.newBuilder()
                .setPage(RequestParams.page(pageSize, pageToken, violations)).build();
        InvalidRequest.throwIfAny(violations);
        return ProtoJson.ok(governance().listPolicies(request));
    }

    /** The governing version when this policy governs, else its latest. */
    @GET
    @Path("{policyId}")
    public Response policy(@PathParam("policyId") String policyId) {
        return ProtoJson.ok(governance().getPolicy(GetPolicyRequest.newBuilder().setPolicyId(policyId).build()));
    }

    @GET
    @Path("{policyId}/versions")
    public Response versions(@PathParam("policyId") String policyId, @QueryParam("page_size") String pageSize,
            @QueryParam("page_token") String pageToken) {
        List<Problem.Violation> violations = new ArrayList<>();
        ListPolicyVersionsRequest request = ListPolicyVersionsRequest.newBuilder().setPolicyId(policyId)
                .setPage(RequestParams.page(pageSize, pageToken, violations)).build();
        InvalidRequest.throwIfAny(violations);
        return ProtoJson.ok(governance().listPolicyVersions(request));
    }

    @GET
    @Path("{policyId}/versions/{version}")
    public Response version(@PathParam("policyId") String policyId, @PathParam("version") String version) {
        List<Problem.Violation> violations = new ArrayList<>();
        long number = RequestParams.number(version, "version", violations);
        InvalidRequest.throwIfAny(violations);
        return ProtoJson.ok(governance().getPolicy(GetPolicyRequest.newBuilder().setPolicyId(policyId)
                .setVersion(number).build()));
    }

    /**
     * Writes a new version (UpsertPolicyRequest in the body). Idempotency-Key, when
     * given, replaces the body's idempotency_key; the caller is the actor. 201 with the version's Location; 200
     * for validate_only, which stores nothing.
     */
    @APIResponse(responseCode = "201", description = "Created: the new policy version; validate_only answers 200", headers = @Header(name = "Location", description = "the version"))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response upsert(@HeaderParam("Idempotency-Key") String idempotencyKey,
            String body) {
        UpsertPolicyRequest.Builder request = AdminWrites.parse(body, UpsertPolicyRequest.newBuilder(), true,
                idempotencyKey, caller.id());
        UpsertPolicyResponse response = governance().upsertPolicy(request.build());
        if (request.getValidateOnly()) {
            return ProtoJson.ok(response);
        }
        PolicyVersion written = response.getPolicyVersion();
        return ProtoJson.created(UriBuilder.fromResource(PolicyAdminResource.class)
                .path("{policyId}/versions/{version}")
                .build(written.getPolicy().getPolicyId(), written.getVersion()), response);
    }

    /**
     * Makes a version the governing one. Optional body: {"change_note": ..., "expected_active":
     * {...}}; Idempotency-Key is required; the actor is the caller.
     */
    @POST
    @Path("{policyId}/versions/{version}/activate")
    public Response activate(@PathParam("policyId") String policyId, @PathParam("version") String version,
            @HeaderParam("Idempotency-Key") String idempotencyKey, String body) {
        List<Problem.Violation> violations = new ArrayList<>();
        long number = RequestParams.number(version, "version", violations);
        InvalidRequest.throwIfAny(violations);
        ActivatePolicyVersionRequest request = AdminWrites
                .parseWithHeaders(body, ActivatePolicyVersionRequest.newBuilder(), idempotencyKey, caller.id())
                .setPolicyId(policyId)
                .setVersion(number)
                .build();
        return ProtoJson.ok(governance().activatePolicyVersion(request));
    }

    /**
     * What a policy would have done to the contacts of a past period: contact-governance's
     * SimulatePolicy (a server stream of progress) answered once it ends, as its final
     * SimulationResult. The body is a SimulatePolicyRequest (a stored version or an inline policy,
     * the time range, most_affected_limit); it may take up to crowsnest.gateway.simulation-deadline.
     */
    @POST
    @Path("simulation")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response simulate(String body) {
        SimulatePolicyRequest request = ProtoJson.parse(body, SimulatePolicyRequest.newBuilder(), true).build();
        Iterator<SimulatePolicyResponse> stream = governance
                .withDeadlineAfter(settings.simulationDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .simulatePolicy(request);
        while (stream.hasNext()) {
            SimulatePolicyResponse item = stream.next();
            if (item.hasResult()) {
                return ProtoJson.ok(item.getResult());
            }
        }
        throw Status.UNAVAILABLE.withDescription("contact-governance ended the simulation without a result; retry")
                .asRuntimeException();
    }

    private ContactGovernanceServiceBlockingStub governance() {
        return governance.withDeadlineAfter(settings.governanceDeadline().toMillis(), TimeUnit.MILLISECONDS);
    }
}
