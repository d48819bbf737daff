package io.crowsnest.alertnotification.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.domain.Fields;
import io.crowsnest.alertnotification.domain.TeamRules;
import io.crowsnest.alertnotification.mapping.AlertMessages;
import io.crowsnest.alertnotification.mapping.TeamMessages;
import io.crowsnest.alertnotification.service.TeamService;
import io.crowsnest.alertnotification.v1.GetBriefingAcknowledgementsRequest;
import io.crowsnest.alertnotification.v1.GetBriefingAcknowledgementsResponse;
import io.crowsnest.alertnotification.v1.GetTeamRequest;
import io.crowsnest.alertnotification.v1.GetTeamResponse;
import io.crowsnest.alertnotification.v1.ListTeamsRequest;
import io.crowsnest.alertnotification.v1.ListTeamsResponse;
import io.crowsnest.alertnotification.v1.SetOnDutyRequest;
import io.crowsnest.alertnotification.v1.SetOnDutyResponse;
import io.crowsnest.alertnotification.v1.UpsertTeamRequest;
import io.crowsnest.alertnotification.v1.UpsertTeamResponse;
import io.crowsnest.common.v1.PageResponse;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.RequestChecks;

/** The team RPCs: check, map, call {@link TeamService}, map back. */
@ApplicationScoped
class TeamAdapter {

    @Inject
    TeamService teams;

    UpsertTeamResponse upsert(UpsertTeamRequest r) {
        RequestChecks v = new RequestChecks();
        TeamRules.check(v::add, r.getTeamId(), r.getDisplayName(), TeamMessages.members(r), r.getExpectedVersion());
        v.throwIfAny();
        TeamService.Upserted done = teams.upsert(r.getTeamId(), r.getDisplayName(), TeamMessages.members(r),
                r.getExpectedVersion());
        return UpsertTeamResponse.newBuilder().setTeam(TeamMessages.toProto(done.team())).setCreated(done.created())
                .build();
    }

    GetTeamResponse get(GetTeamRequest r) {
        RequestChecks v = new RequestChecks();
        Fields.id(v::add, "team_id", r.getTeamId());
        v.throwIfAny();
        return GetTeamResponse.newBuilder().setTeam(TeamMessages.toProto(teams.get(r.getTeamId()))).build();
    }

    ListTeamsResponse list(ListTeamsRequest r) {
        RequestChecks v = new RequestChecks();
        Fields.optionalId(v::add, "agent_id", r.getAgentId());
        InboxChecks.pageSize(v, r.getPage().getPageSize());
        v.throwIfAny();
        String after = r.getPage().getPageToken();
        if (!after.isEmpty() && !Fields.AGENT_OR_TEAM.matcher(after).matches()) {
            throw GrpcErrors.invalid("page.page_token", "malformed", "PAGE_TOKEN_INVALID");
        }
        int size = InboxChecks.pageSize(r.getPage().getPageSize());
        var page = teams.list(r.getAgentId(), after, size + 1);
        var out = ListTeamsResponse.newBuilder();
        page.stream().limit(size).forEach(t -> out.addTeams(TeamMessages.toProto(t)));
        String next = page.size() > size ? page.get(size - 1).id() : "";
        return out.setPage(PageResponse.newBuilder().setNextPageToken(next)).build();
    }

    SetOnDutyResponse setOnDuty(SetOnDutyRequest r) {
        RequestChecks v = new RequestChecks();
        Fields.id(v::add, "team_id", r.getTeamId());
        Fields.id(v::add, "agent_id", r.getAgentId());
        v.throwIfAny();
        TeamService.OnDuty done = teams.setOnDuty(r.getTeamId(), r.getAgentId(), r.getOnDuty());
        return SetOnDutyResponse.newBuilder().setTeam(TeamMessages.toProto(done.team())).setChanged(done.changed())
                .build();
    }

    GetBriefingAcknowledgementsResponse briefing(GetBriefingAcknowledgementsRequest r) {
        RequestChecks v = new RequestChecks();
        Fields.text(v::add, "alert_id", r.getAlertId(), 1, 64);
        v.throwIfAny();
        TeamService.BriefingStatus status = teams.briefing(r.getAlertId());
        var out = GetBriefingAcknowledgementsResponse.newBuilder().setAlert(AlertMessages.toProto(status.alert()))
                .addAllPendingAgentIds(status.pending());
        status.acknowledged().forEach(k -> out.addAcknowledged(AlertMessages.acknowledgement(k)));
        return out.build();
    }

}
