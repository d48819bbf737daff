package io.crowsnest.alertnotification;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

import com.google.protobuf.Value;

import io.crowsnest.alertnotification.v1.AlertKind;
import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc;
import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc.AlertNotificationServiceBlockingStub;
import io.crowsnest.alertnotification.v1.AlertRecipient;
import io.crowsnest.alertnotification.v1.AlertSeverity;
import io.crowsnest.alertnotification.v1.PublishAlertRequest;
import io.crowsnest.alertnotification.v1.TeamMember;
import io.crowsnest.alertnotification.v1.TeamRole;
import io.crowsnest.alertnotification.v1.UpsertTeamRequest;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.identity.v1.ResolvePersonRequest;
import io.crowsnest.localstack.testing.SignedChannels;
import io.crowsnest.profile.v1.Attributes;
import io.crowsnest.profile.v1.ProfileServiceGrpc;
import io.crowsnest.profile.v1.UpdateAttributesRequest;
import io.grpc.ManagedChannel;

/** gRPC clients of the service under test and of its real neighbours, and the data tests start from. */
public final class Fixtures implements AutoCloseable {

    public final ManagedChannel channel;
    public final AlertNotificationServiceBlockingStub alerts;
    public final IdentityServiceGrpc.IdentityServiceBlockingStub identity;
    public final ProfileServiceGrpc.ProfileServiceBlockingStub profile;
    private final List<ManagedChannel> channels;

    public Fixtures(Neighbours.Address neighbours) {
        int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
        channel = plain(port);
        ManagedChannel identityChannel = plain(neighbours.identity());
        ManagedChannel profileChannel = plain(neighbours.profile());
        channels = List.of(channel, identityChannel, profileChannel);
        alerts = AlertNotificationServiceGrpc.newBlockingStub(channel);
        identity = IdentityServiceGrpc.newBlockingStub(identityChannel);
        profile = ProfileServiceGrpc.newBlockingStub(profileChannel);
    }

    public static ManagedChannel plain(int port) {
        return SignedChannels.to(port);
    }

    public static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** A new person known to identity (by an email), returned as its id. */
    public String person() {
        return person(email());
    }

    public String person(Identifier identifier) {
        return identity.resolvePerson(ResolvePersonRequest.newBuilder().addIdentifiers(identifier)
                .setRequestingSystem("alerts-test").setIdempotencyKey(unique("k")).build()).getPersonId();
    }

    /** A new person reachable by SMS and email. */
    public String reachablePerson() {
        Identifier phone = Identifier.newBuilder().setType("phone")
                .setValue("+33612" + (100000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(900000)))
                .build();
        return identity.resolvePerson(ResolvePersonRequest.newBuilder().addIdentifiers(phone).addIdentifiers(email())
                .setRequestingSystem("alerts-test").setIdempotencyKey(unique("k")).build()).getPersonId();
    }

    public static Identifier email() {
        return Identifier.newBuilder().setType("email").setValue(unique("p") + "@example.com").build();
    }

    public void accountManager(String personId, String agentId) {
        profile.updateAttributes(UpdateAttributesRequest.newBuilder().setPerson(ref(personId))
                .setAttributes(Attributes.newBuilder().putCustom("account_manager_id",
                        Value.newBuilder().setStringValue(agentId).build()))
                .addPaths("custom.account_manager_id").setSource("crm").setIdempotencyKey(unique("k")).build());
    }

    public static PersonRef ref(String personId) {
        return PersonRef.newBuilder().setPersonId(personId).build();
    }

    /** A new team with these agents (the first a supervisor), returned as its id. */
    public String team(String... agents) {
        String teamId = unique("team-");
        UpsertTeamRequest.Builder request = UpsertTeamRequest.newBuilder().setTeamId(teamId).setDisplayName("Desk");
        for (int i = 0; i < agents.length; i++) {
            request.addMembers(TeamMember.newBuilder().setAgentId(agents[i])
                    .setRole(i == 0 ? TeamRole.TEAM_ROLE_SUPERVISOR : TeamRole.TEAM_ROLE_AGENT));
        }
        alerts.upsertTeam(request.build());
        return teamId;
    }

    /** A valid complaint about a person for an agent, ready to publish or change. */
    public static PublishAlertRequest.Builder complaint(String agentId, String personId) {
        return PublishAlertRequest.newBuilder().setRecipient(AlertRecipient.newBuilder().setAgentId(agentId))
                .setPerson(ref(personId)).setKind(AlertKind.ALERT_KIND_COMPLAINT)
                .setSeverity(AlertSeverity.ALERT_SEVERITY_URGENT).setTitle("Complaint: card blocked abroad")
                .setBody("Customer called twice about a blocked card.")
                .setReason(Reason.newBuilder().setCode("COMPLAINT_ESCALATED").setMessage("2 calls in 24 h"))
                .setSource("gateway").setIdempotencyKey(unique("k"));
    }

    @Override
    public void close() {
        channels.forEach(ManagedChannel::shutdownNow);
    }
}
