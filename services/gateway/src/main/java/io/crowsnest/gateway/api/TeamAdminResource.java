package io.crowsnest.gateway.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc.AlertNotificationServiceBlockingStub;
import io.crowsnest.alertnotification.v1.GetTeamRequest;
import io.crowsnest.alertnotification.v1.ListLeadRulesRequest;
import io.crowsnest.alertnotification.v1.ListTeamsRequest;
import io.crowsnest.alertnotification.v1.SetOnDutyRequest;
import io.crowsnest.alertnotification.v1.UpsertLeadRuleRequest;
import io.crowsnest.alertnotification.v1.UpsertLeadRuleResponse;
import io.crowsnest.alertnotification.v1.UpsertTeamRequest;
import io.crowsnest.alertnotification.v1.UpsertTeamResponse;
import io.crowsnest.gateway.security.Roles;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.common.annotation.Blocking;

/**
 * Administrators manage teams (members, roles, who is on duty) and the lead rules that decide which
 * segment transitions become leads for which team, how good and how few. Bodies and answers are
 * alert-notification's messages in proto3 JSON; ids come from the path.
 */
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.SUPERVISOR)
public class TeamAdminResource {

    @GrpcClient("alert-notification")
    AlertNotificationServiceBlockingStub alerts;

    @GET
    @Path("teams")
    public Response teams(@QueryParam("agent_id") String agentId, @QueryParam("page_size") String pageSize,
            @QueryParam("page_token") String pageToken) {
        List<Problem.Violation> violations = new ArrayList<>();
        ListTeamsRequest request = ListTeamsRequest.newBuilder().setAgentId(agentId == null ? "" : agentId)
                .setPage(RequestParams.page(pageSize, pageToken, violations)).build();
        InvalidRequest.throwIfAny(violations);
        return ProtoJson.ok(stub().listTeams(request));
    }

    @GET
    @Path("teams/{teamId}")
    public Response team(@PathParam("teamId") String teamId) {
        return ProtoJson.ok(stub().getTeam(GetTeamRequest.newBuilder().setTeamId(teamId).build()));
    }

    /**
     * Body: an UpsertTeamRequest ({"display_name", "members": [{"agent_id", "role"}], "expected_version"}).
     * A new team answers 201 with its Location; an update 200.
     */
    @APIResponse(responseCode = "201", description = "Created: a new team; an update answers 200", headers = @Header(name = "Location", description = "the team"))
    @PUT
    @Path("teams/{teamId}")
    public Response upsertTeam(@PathParam("teamId") String teamId, String body) {
        UpsertTeamRequest.Builder request = ProtoJson.parse(body, UpsertTeamRequest.newBuilder(), true);
        UpsertTeamResponse response = stub().upsertTeam(request.setTeamId(teamId).build());
        return ProtoJson.createdOrUpdated(response.getCreated(), UriBuilder.fromResource(TeamAdminResource.class)
                .path("teams/{teamId}").build(response.getTeam().getTeamId()), response);
    }

    /** Body: {"on_duty": true}. */
    @PUT
    @Path("teams/{teamId}/members/{agentId}/on-duty")
    public Response onDuty(@PathParam("teamId") String teamId, @PathParam("agentId") String agentId, String body) {
        SetOnDutyRequest.Builder request = ProtoJson.parse(body, SetOnDutyRequest.newBuilder(), true);
        return ProtoJson.ok(stub().setOnDuty(request.setTeamId(teamId).setAgentId(agentId).build()));
    }

    @RolesAllowed(Roles.ADMIN)
    @GET
    @Path("lead-rules")
    public Response leadRules(@QueryParam("team_id") String teamId) {
        return ProtoJson.ok(stub().listLeadRules(ListLeadRulesRequest.newBuilder()
                .setTeamId(teamId == null ? "" : teamId).build()));
    }

    /** One lead rule, as listed by ListLeadRules; 404 when there is none by that id. */
    @RolesAllowed(Roles.ADMIN)
    @GET
    @Path("lead-rules/{ruleId}")
    public Response leadRule(@PathParam("ruleId") String ruleId) {
        return ProtoJson.ok(stub().listLeadRules(ListLeadRulesRequest.getDefaultInstance()).getRulesList().stream()
                .filter(rule -> rule.getRuleId().equals(ruleId)).findFirst()
                .orElseThrow(() -> Status.NOT_FOUND.withDescription("no lead rule " + ruleId).asRuntimeException()));
    }

    /**
     * Body: a LeadRule in proto3 JSON (its rule_id comes from the path). A new rule answers 201 with
     * its Location; an update 200.
     */
    @APIResponse(responseCode = "201", description = "Created: a new lead rule; an update answers 200", headers = @Header(name = "Location", description = "the lead rule"))
    @RolesAllowed(Roles.ADMIN)
    @PUT
    @Path("lead-rules/{ruleId}")
    public Response upsertLeadRule(@PathParam("ruleId") String ruleId, String body) {
        var rule = ProtoJson.parse(body, io.crowsnest.alertnotification.v1.LeadRule.newBuilder(), true);
        UpsertLeadRuleResponse response = stub().upsertLeadRule(UpsertLeadRuleRequest.newBuilder()
                .setRule(rule.setRuleId(ruleId)).build());
        return ProtoJson.createdOrUpdated(response.getCreated(), UriBuilder.fromResource(TeamAdminResource.class)
                .path("lead-rules/{ruleId}").build(response.getRule().getRuleId()), response);
    }

    private AlertNotificationServiceBlockingStub stub() {
        return alerts.withDeadlineAfter(AlertInboxResource.DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
    }
}
