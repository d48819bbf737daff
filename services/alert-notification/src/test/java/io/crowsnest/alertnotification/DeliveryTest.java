package io.crowsnest.alertnotification;

import static io.crowsnest.alertnotification.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.crowsnest.alertnotification.v1.DeliverMessageRequest;
import io.crowsnest.alertnotification.v1.DeliverMessageResponse;
import io.crowsnest.alertnotification.v1.Delivery;
import io.crowsnest.alertnotification.v1.DeliveryStatus;
import io.crowsnest.alertnotification.v1.GetDeliveryStatusRequest;
import io.crowsnest.alertnotification.v1.RenderedMessage;
import io.crowsnest.alertnotification.v1.ReservationDisposition;
import io.crowsnest.common.v1.Channel;
import io.crowsnest.contactgovernance.v1.ReservationState;
import io.crowsnest.localstack.testing.GrpcErrorDetails;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.localstack.testing.RedisTestResource;
import io.crowsnest.platform.time.MovableClock;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** DeliverMessage under a real contact-governance reservation, through the local sink (SMS) and the webhook (email). */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(Neighbours.class)
@QuarkusTestResource(ProviderServer.class)
class DeliveryTest extends DeliveryServiceTest {

    @Inject
    MovableClock clock;

    private String phoneOf(String personId) {
        return f.identity.getDeliveryAddresses(io.crowsnest.identity.v1.GetDeliveryAddressesRequest.newBuilder()
                .setPersonId(personId).setChannel(Channel.CHANNEL_SMS).setRequestingSystem("alerts-test").build())
                .getAddresses(0).getValue();
    }

    static DeliverMessageRequest.Builder sms(String reservationId, String personId) {
        return DeliverMessageRequest.newBuilder().setReservationId(reservationId).setPerson(Fixtures.ref(personId))
                .setChannel(Channel.CHANNEL_SMS)
                .setRendered(RenderedMessage.newBuilder().setBody("Your card has been renewed."))
                .setCampaignId("renewals").setIdempotencyKey(unique("k"));
    }

    static DeliverMessageRequest.Builder email(String reservationId, String personId) {
        return sms(reservationId, personId).setChannel(Channel.CHANNEL_EMAIL)
                .setRendered(RenderedMessage.newBuilder().setSubject("Renewed").setBody("Your card has been renewed."));
    }

    @Test
    void aSentMessageCommitsItsReservationAndADeveloperCanReadIt() throws Exception {
        String reservation = governance.reserve(person, Channel.CHANNEL_SMS);
        DeliverMessageResponse sent = f.alerts.deliverMessage(sms(reservation, person).build());
        assertEquals(DeliveryStatus.DELIVERY_STATUS_SENT, sent.getStatus());
        Delivery d = sent.getDelivery();
        assertEquals(ReservationDisposition.RESERVATION_DISPOSITION_COMMITTED, d.getReservation());
        assertEquals("local-sink", d.getProvider());
        assertEquals("phone", d.getAddress().getType());
        assertFalse(d.getAddress().getMaskedValue().contains(phoneOf(person).substring(4)), "masked");
        assertEquals(ReservationState.RESERVATION_STATE_COMMITTED, governance.reservation(reservation).getState());
        String file = Files.readString(Path.of("target/messages", d.getDeliveryId() + ".txt"));
        assertTrue(file.contains("To: " + phoneOf(person)), file);
        assertTrue(file.endsWith("Your card has been renewed.\n"), file);
        assertEquals(d, f.alerts.getDeliveryStatus(GetDeliveryStatusRequest.newBuilder()
                .setReservationId(reservation).build()).getDelivery());
    }

    @Test
    void withoutAUsableReservationNothingIsSent() {
        StatusRuntimeException none = refused(sms("no-such-reservation", person));
        assertEquals(Status.Code.NOT_FOUND, none.getStatus().getCode());
        assertEquals("RESERVATION_NOT_FOUND", GrpcErrorDetails.reason(none));

        String other = f.person();
        String foreign = governance.reserve(other, Channel.CHANNEL_SMS);
        assertEquals("RESERVATION_MISMATCH", GrpcErrorDetails.reason(refused(sms(foreign, person))));
        String emailReservation = governance.reserve(person, Channel.CHANNEL_EMAIL);
        assertEquals("RESERVATION_MISMATCH", GrpcErrorDetails.reason(refused(sms(emailReservation, person))));
        assertEquals(ReservationState.RESERVATION_STATE_HELD, governance.reservation(foreign).getState(),
                "left as it was");

        String shortLived = governance.reserve(person, Channel.CHANNEL_SMS, 60).getReservationId();
        clock.advance(Duration.ofSeconds(61));
        try {
            StatusRuntimeException expired = refused(sms(shortLived, person));
            assertEquals(Status.Code.FAILED_PRECONDITION, expired.getStatus().getCode());
            assertEquals("RESERVATION_EXPIRED", GrpcErrorDetails.reason(expired));
        } finally {
            clock.advance(Duration.ofSeconds(-61));
        }

        String used = governance.reserve(person, Channel.CHANNEL_SMS);
        f.alerts.deliverMessage(sms(used, person).build());
        assertEquals("RESERVATION_ALREADY_COMMITTED", GrpcErrorDetails.reason(refused(sms(used, person))));
    }

    private StatusRuntimeException refused(DeliverMessageRequest.Builder request) {
        return assertThrows(StatusRuntimeException.class, () -> f.alerts.deliverMessage(request.build()));
    }

    @Test
    void aProviderFailureReleasesTheReservation() {
        provider.plan(new ProviderServer.Answer(500, 0), new ProviderServer.Answer(503, 0),
                new ProviderServer.Answer(502, 0));
        String reservation = governance.reserve(person, Channel.CHANNEL_EMAIL);
        DeliverMessageResponse failed = f.alerts.deliverMessage(email(reservation, person).build());
        assertEquals(DeliveryStatus.DELIVERY_STATUS_FAILED, failed.getStatus());
        assertEquals("PROVIDER_UNAVAILABLE", failed.getDelivery().getStatusReason().getCode());
        assertEquals(3, failed.getDelivery().getAttempts());
        assertEquals(ReservationDisposition.RESERVATION_DISPOSITION_RELEASED, failed.getDelivery().getReservation());
        assertEquals(ReservationState.RESERVATION_STATE_RELEASED, governance.reservation(reservation).getState());

        provider.plan(new ProviderServer.Answer(400, 0));
        String rejected = governance.reserve(person, Channel.CHANNEL_EMAIL);
        Delivery refused = f.alerts.deliverMessage(email(rejected, person).build()).getDelivery();
        assertEquals("PROVIDER_REJECTED", refused.getStatusReason().getCode());
        assertEquals(1, refused.getAttempts(), "a refusal is not retried");
        assertEquals(ReservationState.RESERVATION_STATE_RELEASED, governance.reservation(rejected).getState());
    }

    @Test
    void retriesAfterA5xxOrATimeoutSendOnceUnderOneKeyAndARetriedCallSendsNothingMore() throws Exception {
        provider.plan(new ProviderServer.Answer(503, 0), new ProviderServer.Answer(200, 1500),
                new ProviderServer.Answer(200, 0));
        String reservation = governance.reserve(person, Channel.CHANNEL_EMAIL);
        DeliverMessageRequest request = email(reservation, person).build();
        DeliverMessageResponse sent = f.alerts.deliverMessage(request);
        assertEquals(DeliveryStatus.DELIVERY_STATUS_SENT, sent.getStatus());
        assertEquals(3, sent.getDelivery().getAttempts());
        String id = sent.getDeliveryId();
        assertEquals("prov-" + id, sent.getDelivery().getProviderMessageId());
        List<ProviderServer.Received> received = provider.received(id);
        assertEquals(3, received.size(), "every try carries the delivery id as the provider's idempotency key");
        ProviderServer.Received last = received.get(2);
        String t = last.signature().substring(2, last.signature().indexOf(','));
        String expected = new io.crowsnest.alertnotification.connector.Webhook(java.net.URI.create("http://x"),
                "test-only-webhook-secret", Duration.ofSeconds(1), "w", clock).sign(t + "." + last.body());
        assertEquals("t=" + t + ",v1=" + expected, last.signature());
        assertTrue(last.body().contains("\"subject\":\"Renewed\""), last.body());

        assertEquals(sent, f.alerts.deliverMessage(request));
        assertEquals(3, provider.received(id).size(), "the retried call sent nothing");
        assertEquals(ReservationState.RESERVATION_STATE_COMMITTED, governance.reservation(reservation).getState());
    }

    @Test
    void noAddressFailsAndReleases() {
        String reservation = governance.reserve(person, Channel.CHANNEL_PUSH);
        Delivery d = f.alerts.deliverMessage(sms(reservation, person).setChannel(Channel.CHANNEL_PUSH)
                .setRendered(RenderedMessage.newBuilder().setSubject("Card").setBody("Renewed")).build()).getDelivery();
        assertEquals(DeliveryStatus.DELIVERY_STATUS_FAILED, d.getStatus());
        assertEquals("NO_ADDRESS", d.getStatusReason().getCode());
        assertEquals(ReservationState.RESERVATION_STATE_RELEASED, governance.reservation(reservation).getState());
    }
}
