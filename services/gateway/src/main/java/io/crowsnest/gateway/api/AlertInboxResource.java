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

import io.crowsnest.alertnotification.v1.AcknowledgeAlertRequest;
import io.crowsnest.alertnotification.v1.AlertKind;
import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc.AlertNotificationServiceBlockingStub;
import io.crowsnest.alertnotification.v1.AlertState;
import io.crowsnest.alertnotification.v1.GetBriefingAcknowledgementsRequest;
import io.crowsnest.alertnotification.v1.ListInboxRequest;
import io.crowsnest.alertnotification.v1.ListTeamsRequest;
import io.crowsnest.alertnotification.v1.MarkAlertsReadRequest;
import io.crowsnest.alertnotification.v1.Team;
import io.crowsnest.gateway.security.Caller;
import io.crowsnest.gateway.security.Roles;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.common.annotation.Blocking;

/**
 * The signed-in agent's inbox: the agent's own alerts and those of its teams, newest first, with
 * filters; marking alerts read, acknowledging one with a note, and a briefing's acknowledgements for
 * supervisors. Answers are alert-notification's messages in proto3 JSON; errors are problem+json.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.AGENT)
public class AlertInboxResource {

    @Inject
    Caller caller;

    static final long DEADLINE_MILLIS = 5000;

    @GrpcClient("alert-notification")
    AlertNotificationServiceBlockingStub alerts;

    @GET
    @Path("inbox")
    public Response inbox(@QueryParam("state") List<String> states,
            @QueryParam("kind") List<String> kinds, @QueryParam("person_id") String personId,
            @QueryParam("include_expired") boolean includeExpired, @QueryParam("page_size") String pageSize,
            @QueryParam("page_token") String pageToken) {
        List<Problem.Violation> violations = new ArrayList<>();
        String agent = caller.id();
        ListInboxRequest.Builder request = ListInboxRequest.newBuilder().setAgentId(agent)
                .addAllStates(RequestParams.enums(RequestParams.values(states), AlertState.class, "ALERT_STATE_",
                        "state", violations))
                .addAllKinds(RequestParams.enums(RequestParams.values(kinds), AlertKind.class, "ALERT_KIND_", "kind",
                        violations))
                .setPersonId(personId == null ? "" : personId).setIncludeExpired(includeExpired)
                .setPage(RequestParams.page(pageSize, pageToken, violations));
        InvalidRequest.throwIfAny(violations);
        return ProtoJson.ok(stub().listInbox(request.addAllTeamIds(teamsOf(stub(), agent)).build()));
    }

    /** The ids of the teams an agent belongs to (the inboxes it may follow). */
    static List<String> teamsOf(AlertNotificationServiceBlockingStub stub, String agentId) {
        return stub.listTeams(ListTeamsRequest.newBuilder().setAgentId(agentId).build()).getTeamsList().stream()
                .map(Team::getTeamId).limit(20).toList();
    }

    /** Body: {"alert_ids": ["..."]}. */
    @POST
    @Path("inbox/read")
    public Response read(@HeaderParam("Idempotency-Key") String key,
            String body) {
        AgentHeaders headers = AgentHeaders.required(caller, key);
        MarkAlertsReadRequest.Builder request = ProtoJson.parse(body, MarkAlertsReadRequest.newBuilder(), true);
        return ProtoJson.ok(stub().markAlertsRead(request.setAgentId(headers.agentId())
                .setIdempotencyKey(headers.idempotencyKey()).build()));
    }

    /** Body: {"note": "..."} (optional). */
    @POST
    @Path("alerts/{alertId}/acknowledge")
    public Response acknowledge(@PathParam("alertId") String alertId, @HeaderParam("Idempotency-Key") String key, String body) {
        AgentHeaders headers = AgentHeaders.required(caller, key);
        AcknowledgeAlertRequest.Builder request = ProtoJson.parse(body, AcknowledgeAlertRequest.newBuilder(), false);
        return ProtoJson.ok(stub().acknowledgeAlert(request.setAlertId(alertId).setAgentId(headers.agentId())
                .setIdempotencyKey(headers.idempotencyKey()).build()));
    }

    @RolesAllowed(Roles.SUPERVISOR)
    @GET
    @Path("alerts/{alertId}/acknowledgements")
    public Response acknowledgements(@PathParam("alertId") String alertId) {
        return ProtoJson.ok(stub().getBriefingAcknowledgements(GetBriefingAcknowledgementsRequest.newBuilder()
                .setAlertId(alertId).build()));
    }

    private AlertNotificationServiceBlockingStub stub() {
        return alerts.withDeadlineAfter(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
    }
}
