package io.crowsnest.alertnotification.api;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.crowsnest.alertnotification.domain.Team;
import io.crowsnest.alertnotification.v1.TeamMember;
import io.crowsnest.alertnotification.v1.TeamRole;
import io.crowsnest.alertnotification.v1.UpsertTeamRequest;
import io.crowsnest.platform.grpc.GrpcErrors.Violations;
import io.crowsnest.platform.grpc.Timestamps;

/** Team requests checked and mapped, and teams mapped back. */
final class TeamMessages {

    private TeamMessages() {
    }

    static void check(UpsertTeamRequest r) {
        Violations v = new Violations();
        Checks.id(v, "team_id", r.getTeamId());
        Checks.text(v, "display_name", r.getDisplayName(), 1, 200);
        if (r.getMembersCount() > 500) {
            v.add("members", "at most 500 members");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < r.getMembersCount(); i++) {
            TeamMember m = r.getMembers(i);
            Checks.id(v, "members[" + i + "].agent_id", m.getAgentId());
            if (!seen.add(m.getAgentId())) {
                v.add("members[" + i + "].agent_id", "listed twice");
            }
            if (m.getRole() == TeamRole.TEAM_ROLE_UNSPECIFIED || m.getRole() == TeamRole.UNRECOGNIZED) {
                v.add("members[" + i + "].role", "required");
            }
        }
        if (r.getExpectedVersion() < 0) {
            v.add("expected_version", "must not be negative");
        }
        v.throwIfAny();
    }

    static List<Team.Member> members(UpsertTeamRequest r) {
        return r.getMembersList().stream().map(m -> new Team.Member(m.getAgentId(),
                Team.Role.valueOf(m.getRole().name().substring("TEAM_ROLE_".length())), false, null)).toList();
    }

    static io.crowsnest.alertnotification.v1.Team toProto(Team t) {
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
