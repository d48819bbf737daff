package io.crowsnest.alertnotification;

import static io.crowsnest.alertnotification.Fixtures.complaint;
import static io.crowsnest.alertnotification.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.crowsnest.alertnotification.v1.AccountManagerRecipient;
import io.crowsnest.alertnotification.v1.Alert;
import io.crowsnest.alertnotification.v1.AlertLink;
import io.crowsnest.alertnotification.v1.AlertRecipient;
import io.crowsnest.alertnotification.v1.AlertState;
import io.crowsnest.alertnotification.v1.ListInboxRequest;
import io.crowsnest.alertnotification.v1.PublishAlertRequest;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.localstack.testing.GrpcErrorDetails;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.localstack.testing.RedisTestResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** PublishAlert through gRPC against real stores, identity and profile. */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(Neighbours.class)
@QuarkusTestResource(ProviderServer.class)
class PublishAlertTest extends ServiceTest {


    @Test
    void anAlertLandsInTheAgentsInboxWithTheFactsAndTheProfileLinkFirst() {
        String agent = unique("ann-");
        f.team(agent);
        String person = f.person();
        Alert alert = f.alerts.publishAlert(complaint(agent, person)
                .addLinks(AlertLink.newBuilder().setLabel("Complaint").setUrl("https://crm.example.com/c/1")).build())
                .getAlert();
        assertEquals(agent, alert.getAgentId());
        assertEquals(person, alert.getPersonId());
        assertEquals(AlertState.ALERT_STATE_UNREAD, alert.getState());
        assertTrue(alert.getOffset() > 0, "appended to the feed");
        assertEquals("/people/" + person, alert.getLinks(0).getUrl());
        assertEquals("https://crm.example.com/c/1", alert.getLinks(1).getUrl());
        assertTrue(alert.getBody().startsWith("Customer called twice about a blocked card."), alert.getBody());
        assertTrue(alert.getBody().contains("Why: 2 calls in 24 h"), alert.getBody());
        assertEquals(7 * 86400, alert.getExpiresAt().getSeconds() - alert.getPublishedAt().getSeconds());
        List<Alert> inbox = f.alerts.listInbox(ListInboxRequest.newBuilder().setAgentId(agent).build()).getAlertsList();
        assertEquals(List.of(alert), inbox);
    }

    @Test
    void aPersonByIdentifierIsResolvedWithoutCreatingOne() {
        String agent = unique("bob-");
        f.team(agent);
        var email = Fixtures.email();
        String person = f.person(email);
        Alert alert = f.alerts.publishAlert(complaint(agent, person)
                .setPerson(PersonRef.newBuilder().setIdentifier(email)).build()).getAlert();
        assertEquals(person, alert.getPersonId());

        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> f.alerts.publishAlert(
                complaint(agent, person).setPerson(PersonRef.newBuilder().setIdentifier(Fixtures.email())).build()));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        assertEquals("PERSON_NOT_FOUND", GrpcErrorDetails.reason(unknown));
    }

    @Test
    void theAccountManagerComesFromProfileElseTheFallbackTeam() {
        String manager = unique("am-");
        String team = f.team(manager);
        String managed = f.person();
        f.accountManager(managed, manager);
        PublishAlertRequest.Builder toManager = complaint("x", managed).setRecipient(AlertRecipient.newBuilder()
                .setAccountManager(AccountManagerRecipient.newBuilder().setFallbackTeamId(team)));
        assertEquals(manager, f.alerts.publishAlert(toManager.build()).getAlert().getAgentId());

        String unmanaged = f.person();
        Alert fallback = f.alerts.publishAlert(toManager.setPerson(Fixtures.ref(unmanaged))
                .setIdempotencyKey(unique("k")).build()).getAlert();
        assertEquals(team, fallback.getTeamId());

        StatusRuntimeException none = assertThrows(StatusRuntimeException.class, () -> f.alerts.publishAlert(
                toManager.setRecipient(AlertRecipient.newBuilder().setAccountManager(
                        AccountManagerRecipient.getDefaultInstance())).setIdempotencyKey(unique("k")).build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, none.getStatus().getCode());
        assertEquals("ACCOUNT_MANAGER_UNKNOWN", GrpcErrorDetails.reason(none));
    }

    @Test
    void theSameKeyReturnsTheFirstAlertAndAnotherRequestUnderItIsRefused() {
        String agent = unique("cy-");
        f.team(agent);
        PublishAlertRequest request = complaint(agent, f.person()).build();
        Alert first = f.alerts.publishAlert(request).getAlert();
        assertEquals(first, f.alerts.publishAlert(request).getAlert());
        assertEquals(1, f.alerts.listInbox(ListInboxRequest.newBuilder().setAgentId(agent).build()).getAlertsCount());

        StatusRuntimeException reused = assertThrows(StatusRuntimeException.class,
                () -> f.alerts.publishAlert(request.toBuilder().setTitle("Another").build()));
        assertEquals(Status.Code.ALREADY_EXISTS, reused.getStatus().getCode());
        assertEquals("IDEMPOTENCY_KEY_REUSED", GrpcErrorDetails.reason(reused));
    }

    @Test
    void unknownRecipientsAreRefusedAndNothingIsStored() {
        String person = f.person();
        StatusRuntimeException agent = assertThrows(StatusRuntimeException.class,
                () -> f.alerts.publishAlert(complaint(unique("nobody-"), person).build()));
        assertEquals(Status.Code.NOT_FOUND, agent.getStatus().getCode());
        assertEquals("AGENT_NOT_FOUND", GrpcErrorDetails.reason(agent));

        String team = unique("no-team-");
        StatusRuntimeException unknownTeam = assertThrows(StatusRuntimeException.class, () -> f.alerts.publishAlert(
                complaint("x", person).setRecipient(AlertRecipient.newBuilder().setTeamId(team)).build()));
        assertEquals("TEAM_NOT_FOUND", GrpcErrorDetails.reason(unknownTeam));
        assertEquals(0, f.alerts.listInbox(ListInboxRequest.newBuilder().addTeamIds(team).build()).getAlertsCount());
    }

    @Test
    void badFieldsAreEachNamed() {
        PublishAlertRequest bad = PublishAlertRequest.newBuilder()
                .setRecipient(AlertRecipient.newBuilder().setAgentId("not ok!")).setTitle("x".repeat(121))
                .setBody("b".repeat(4001))
                .addLinks(AlertLink.newBuilder().setLabel("").setUrl("http://insecure.example.com"))
                .setExpiresAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(1))
                .setCampaignId("c".repeat(65)).setSource("Bad Source").build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> f.alerts.publishAlert(bad));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(List.of("recipient.agent_id", "person", "kind", "severity", "title", "body", "reason",
                "links[0].label", "links[0].url", "expires_at", "campaign_id", "source", "idempotency_key"),
                GrpcErrorDetails.fields(e));
    }
}
