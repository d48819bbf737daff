package io.crowsnest.alertnotification.mapping;

import java.util.List;

import io.crowsnest.alertnotification.domain.Team;
import io.crowsnest.alertnotification.v1.TeamMember;
import io.crowsnest.alertnotification.v1.TeamRole;
import io.crowsnest.alertnotification.v1.UpsertTeamRequest;
import io.crowsnest.platform.grpc.Timestamps;

/** Team requests mapped to the domain's members, and teams mapped back. */
public final class TeamMessages {

    private TeamMessages() {
    }

    /** The members as written; a role not given is null. */
    public static List<Team.Member> members(UpsertTeamRequest r) {
        return r.getMembersList().stream().map(m -> new Team.Member(m.getAgentId(),
                m.getRole() == TeamRole.TEAM_ROLE_UNSPECIFIED || m.getRole() == TeamRole.UNRECOGNIZED ? null
                        : Team.Role.valueOf(m.getRole().name().substring("TEAM_ROLE_".length())), false, null)).toList();
    }

    public static io.crowsnest.alertnotification.v1.Team toProto(Team t) {
        var b = io.crowsnest.alertnotification.v1.Team.newBuilder().setTeamId(t.id()).setDisplayName(t.displayName())
                .setVersion(t.version()).setUpdatedAt(Timestamps.of(t.updatedAt()));
        for (Team.Member m : t.members()) {
            var member = TeamMember.newBuilder().setAgentId(m.agentId())
                    .setRole(TeamRole.valueOf("TEAM_ROLE_" + m.role().name())).setOnDuty(m.onDuty());
            if (m.onDutyChangedAt() != null) {
                member.setOnDutyChangedAt(Timestamps.of(m.onDutyChangedAt()));
            }
            b.addMembers(member);
        }
        return b.build();
    }
}
