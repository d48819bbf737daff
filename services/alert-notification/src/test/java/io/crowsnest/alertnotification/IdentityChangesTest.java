package io.crowsnest.alertnotification;

import static io.crowsnest.alertnotification.Fixtures.complaint;
import static io.crowsnest.alertnotification.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.crowsnest.alertnotification.v1.Alert;
import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc;
import io.crowsnest.alertnotification.v1.DeliverMessageRequest;
import io.crowsnest.alertnotification.v1.Delivery;
import io.crowsnest.alertnotification.v1.ForgetPersonRequest;
import io.crowsnest.alertnotification.v1.ForgetPersonResponse;
import io.crowsnest.alertnotification.v1.GetDeliveryStatusRequest;
import io.crowsnest.alertnotification.v1.ListInboxRequest;
import io.crowsnest.alertnotification.v1.RenderedMessage;
import io.crowsnest.alertnotification.v1.SubscribeAlertsRequest;
import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.identity.v1.LinkPersonsRequest;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.localstack.testing.GrpcErrorDetails;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.localstack.testing.RedisTestResource;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Identity's merges and erasures reach alerts, deliveries and screens; ForgetPerson does the same directly. */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(Neighbours.class)
@QuarkusTestResource(ProviderServer.class)
class IdentityChangesTest extends DeliveryServiceTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    private List<Alert> inbox(String agent) {
        return f.alerts.listInbox(ListInboxRequest.newBuilder().setAgentId(agent).build()).getAlertsList();
    }

    @Test
    void aMergeMovesAlertsToTheSurvivor() throws Exception {
        String ann = unique("ann-");
        f.team(ann);
        String older = f.person();
        String younger = f.person();
        f.alerts.publishAlert(complaint(ann, younger).build());
        String survivor = f.identity.linkPersons(LinkPersonsRequest.newBuilder().setPersonId(older)
                .setOtherPersonId(younger).setReason(Reason.newBuilder().setCode("LOGIN"))
                .setRequestingSystem("alerts-test").setRequestId(unique("r")).setIdempotencyKey(unique("k")).build())
                .getSurvivorPersonId();
        String merged = survivor.equals(older) ? younger : older;
        Await.until(WAIT, () -> inbox(ann).get(0).getPersonId().equals(survivor), "the alert follows the survivor");
        assertFalse(inbox(ann).get(0).getPersonId().equals(merged));
    }

    @Test
    void anErasureRemovesAlertsFromScreensAndStripsDeliveries() throws Exception {
        String ann = unique("ann-");
        f.team(ann);
        Alert alert = f.alerts.publishAlert(complaint(ann, person).build()).getAlert();
        Delivery sent = f.alerts.deliverMessage(DeliverMessageRequest.newBuilder()
                .setReservationId(governance.reserve(person, Channel.CHANNEL_SMS)).setPerson(Fixtures.ref(person))
                .setChannel(Channel.CHANNEL_SMS).setRendered(RenderedMessage.newBuilder().setBody("Renewed"))
                .setIdempotencyKey(unique("k")).build()).getDelivery();
        Path file = Path.of("target/messages", sent.getDeliveryId() + ".txt");
        assertTrue(Files.exists(file));
        FeedCollector screen = new FeedCollector();
        AlertNotificationServiceGrpc.newStub(f.channel).subscribeAlerts(SubscribeAlertsRequest.newBuilder()
                .setAgentId(ann).setAfterOffset(alert.getOffset()).build(), screen);

        f.identity.forgetPerson(io.crowsnest.identity.v1.ForgetPersonRequest.newBuilder().setPersonId(person)
                .setReason(Reason.newBuilder().setCode("GDPR_ERASURE")).setRequestingSystem("privacy-desk")
                .setIdempotencyKey(unique("k")).build());
        Await.until(WAIT, () -> inbox(ann).isEmpty(), "the alert leaves the inbox");
        screen.await(c -> c.entries().stream().anyMatch(e -> e.hasStateChange() && e.getStateChange().getRemoved()
                && e.getStateChange().getAlertId().equals(alert.getAlertId())), WAIT);
        StatusRuntimeException gone = assertThrows(StatusRuntimeException.class, () -> f.alerts.getDeliveryStatus(
                GetDeliveryStatusRequest.newBuilder().setDeliveryId(sent.getDeliveryId()).build()));
        assertEquals("DELIVERY_NOT_FOUND", GrpcErrorDetails.reason(gone));
        assertFalse(Files.exists(file), "the message body is deleted");

        ForgetPersonResponse again = forget(person);
        assertTrue(again.getAlreadyForgotten());
    }

    private ForgetPersonResponse forget(String personId) {
        return f.alerts.forgetPerson(ForgetPersonRequest.newBuilder().setPersonId(personId)
                .setReason(Reason.newBuilder().setCode("GDPR_ERASURE")).setRequestingSystem("privacy-desk")
                .setIdempotencyKey(unique("k")).build());
    }

    @Test
    void forgetPersonErasesDirectlyAndRefusesUnknownIds() {
        String ann = unique("ann-");
        f.team(ann);
        Alert first = f.alerts.publishAlert(complaint(ann, person).build()).getAlert();
        Alert second = f.alerts.publishAlert(complaint(ann, person).build()).getAlert();
        ForgetPersonResponse done = forget(person);
        assertEquals(List.of(person), done.getForgottenPersonIdsList());
        assertEquals(2, done.getAlertsErasedCount());
        assertFalse(done.getAlreadyForgotten());
        assertTrue(inbox(ann).isEmpty());
        // a screen replaying the inbox from before the alerts sees their removals, not the alerts
        FeedCollector replay = new FeedCollector();
        AlertNotificationServiceGrpc.newStub(f.channel).subscribeAlerts(SubscribeAlertsRequest.newBuilder()
                .setAgentId(ann).setAfterOffset(first.getOffset() - 1).build(), replay);
        replay.await(c -> c.entries().stream().filter(e -> e.hasStateChange() && e.getStateChange().getRemoved())
                .count() == 2, WAIT);
        assertTrue(replay.entries().stream().noneMatch(e -> e.hasAlert()
                && List.of(first.getAlertId(), second.getAlertId()).contains(e.getAlert().getAlertId())),
                "an erased alert's publication is replayed: " + replay.entries());

        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> forget(unique("nobody-")));
        assertEquals("PERSON_NOT_FOUND", GrpcErrorDetails.reason(unknown));
        StatusRuntimeException bad = assertThrows(StatusRuntimeException.class,
                () -> f.alerts.forgetPerson(ForgetPersonRequest.getDefaultInstance()));
        assertEquals(List.of("person_id", "reason", "requesting_system", "idempotency_key"),
                GrpcErrorDetails.fields(bad));
    }
}
