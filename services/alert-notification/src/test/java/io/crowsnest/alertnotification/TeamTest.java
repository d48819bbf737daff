package io.crowsnest.alertnotification;

import static io.crowsnest.alertnotification.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.crowsnest.alertnotification.v1.GetTeamRequest;
import io.crowsnest.alertnotification.v1.ListTeamsRequest;
import io.crowsnest.alertnotification.v1.SetOnDutyRequest;
import io.crowsnest.alertnotification.v1.SetOnDutyResponse;
import io.crowsnest.alertnotification.v1.Team;
import io.crowsnest.alertnotification.v1.TeamMember;
import io.crowsnest.alertnotification.v1.TeamRole;
import io.crowsnest.alertnotification.v1.UpsertTeamRequest;
import io.crowsnest.alertnotification.v1.UpsertTeamResponse;
import io.crowsnest.localstack.testing.GrpcErrorDetails;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.localstack.testing.RedisTestResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Teams with members, roles and on-duty state. */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(Neighbours.class)
@QuarkusTestResource(ProviderServer.class)
class TeamTest extends ServiceTest {


    static TeamMember member(String agent, TeamRole role) {
        return TeamMember.newBuilder().setAgentId(agent).setRole(role).build();
    }

    @Test
    void aTeamKeepsOnDutyStateAcrossChangesAndIsVersioned() {
        String teamId = unique("cards-");
        String ann = unique("ann-");
        String bob = unique("bob-");
        UpsertTeamRequest create = UpsertTeamRequest.newBuilder().setTeamId(teamId).setDisplayName("Cards desk")
                .addMembers(member(ann, TeamRole.TEAM_ROLE_SUPERVISOR)).build();
        UpsertTeamResponse created = f.alerts.upsertTeam(create);
        assertTrue(created.getCreated());
        assertEquals(1, created.getTeam().getVersion());
        assertEquals(created.getTeam(), f.alerts.upsertTeam(create).getTeam(), "the same request changes nothing");

        SetOnDutyResponse onDuty = f.alerts.setOnDuty(SetOnDutyRequest.newBuilder().setTeamId(teamId).setAgentId(ann)
                .setOnDuty(true).build());
        assertTrue(onDuty.getChanged());
        assertFalse(f.alerts.setOnDuty(SetOnDutyRequest.newBuilder().setTeamId(teamId).setAgentId(ann).setOnDuty(true)
                .build()).getChanged());

        Team grown = f.alerts.upsertTeam(create.toBuilder().addMembers(member(bob, TeamRole.TEAM_ROLE_AGENT))
                .setExpectedVersion(2).build()).getTeam();
        assertEquals(3, grown.getVersion());
        assertTrue(grown.getMembers(0).getOnDuty(), "ann stays on duty");
        assertFalse(grown.getMembers(1).getOnDuty(), "bob starts off duty");
        assertEquals(grown, f.alerts.getTeam(GetTeamRequest.newBuilder().setTeamId(teamId).build()).getTeam());
        assertEquals(List.of(teamId), f.alerts.listTeams(ListTeamsRequest.newBuilder().setAgentId(bob).build())
                .getTeamsList().stream().map(Team::getTeamId).toList());

        StatusRuntimeException stale = assertThrows(StatusRuntimeException.class,
                () -> f.alerts.upsertTeam(create.toBuilder().setExpectedVersion(2).build()));
        assertEquals("TEAM_VERSION_MISMATCH", GrpcErrorDetails.reason(stale));
        StatusRuntimeException stranger = assertThrows(StatusRuntimeException.class, () -> f.alerts.setOnDuty(
                SetOnDutyRequest.newBuilder().setTeamId(teamId).setAgentId("stranger").setOnDuty(true).build()));
        assertEquals("AGENT_NOT_FOUND", GrpcErrorDetails.reason(stranger));
        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
                () -> f.alerts.getTeam(GetTeamRequest.newBuilder().setTeamId(unique("none-")).build()));
        assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
        assertEquals("TEAM_NOT_FOUND", GrpcErrorDetails.reason(missing));
    }

    @Test
    void badTeamsAreRefusedFieldByField() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> f.alerts.upsertTeam(
                UpsertTeamRequest.newBuilder().setTeamId("bad id").addMembers(member("ann", TeamRole.TEAM_ROLE_AGENT))
                        .addMembers(member("ann", TeamRole.TEAM_ROLE_UNSPECIFIED)).setExpectedVersion(-1).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(List.of("team_id", "display_name", "members[1].agent_id", "members[1].role", "expected_version"),
                GrpcErrorDetails.fields(e));
    }
}
