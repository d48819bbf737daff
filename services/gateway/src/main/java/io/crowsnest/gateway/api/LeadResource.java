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

import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc.AlertNotificationServiceBlockingStub;
import io.crowsnest.alertnotification.v1.LeadStatus;
import io.crowsnest.alertnotification.v1.ListLeadsRequest;
import io.crowsnest.alertnotification.v1.RecordLeadOutcomeRequest;
import io.crowsnest.gateway.security.Caller;
import io.crowsnest.gateway.security.Roles;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.common.annotation.Blocking;

/** A team's leads, and an agent's outcome of one (accepted, rejected with a reason, converted). */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.AGENT)
public class LeadResource {

    @Inject
    Caller caller;

    @GrpcClient("alert-notification")
    AlertNotificationServiceBlockingStub alerts;

    @GET
    @Path("teams/{teamId}/leads")
    public Response leads(@PathParam("teamId") String teamId, @QueryParam("status") List<String> statuses,
            @QueryParam("person_id") String personId, @QueryParam("page_size") String pageSize,
            @QueryParam("page_token") String pageToken) {
        List<Problem.Violation> violations = new ArrayList<>();
        ListLeadsRequest request = ListLeadsRequest.newBuilder().setTeamId(teamId)
                .addAllStatuses(RequestParams.enums(RequestParams.values(statuses), LeadStatus.class, "LEAD_STATUS_",
                        "status", violations))
                .setPersonId(personId == null ? "" : personId)
                .setPage(RequestParams.page(pageSize, pageToken, violations)).build();
        InvalidRequest.throwIfAny(violations);
        return ProtoJson.ok(stub().listLeads(request));
    }

    /** Body: {"outcome": "LEAD_STATUS_REJECTED", "reason": {"code": "NOT_INTERESTED"}}. */
    @POST
    @Path("leads/{leadId}/outcome")
    public Response outcome(@PathParam("leadId") String leadId, @HeaderParam("Idempotency-Key") String key, String body) {
        AgentHeaders headers = AgentHeaders.required(caller, key);
        RecordLeadOutcomeRequest.Builder request = ProtoJson.parse(body, RecordLeadOutcomeRequest.newBuilder(), true);
        return ProtoJson.ok(stub().recordLeadOutcome(request.setLeadId(leadId).setAgentId(headers.agentId())
                .setIdempotencyKey(headers.idempotencyKey()).build()));
    }

    private AlertNotificationServiceBlockingStub stub() {
        return alerts.withDeadlineAfter(AlertInboxResource.DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
    }
}
