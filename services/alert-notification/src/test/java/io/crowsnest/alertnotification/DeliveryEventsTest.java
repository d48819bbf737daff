package io.crowsnest.alertnotification;

import static io.crowsnest.alertnotification.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.crowsnest.alertnotification.v1.DeliverMessageRequest;
import io.crowsnest.alertnotification.v1.Delivery;
import io.crowsnest.alertnotification.v1.DeliveryEventKind;
import io.crowsnest.alertnotification.v1.DeliveryStatus;
import io.crowsnest.alertnotification.v1.GetDeliveryStatusRequest;
import io.crowsnest.alertnotification.v1.RecordDeliveryEventRequest;
import io.crowsnest.alertnotification.v1.RecordDeliveryEventResponse;
import io.crowsnest.alertnotification.v1.RenderedMessage;
import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.contactgovernance.v1.ContactOutcome;
import io.crowsnest.contactgovernance.v1.ListContactHistoryRequest;
import io.crowsnest.localstack.testing.GrpcErrorDetails;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.localstack.testing.RedisTestResource;
import io.crowsnest.platform.grpc.Timestamps;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Provider callbacks: they move GetDeliveryStatus and record the outcome with the real contact-governance. */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(Neighbours.class)
@QuarkusTestResource(ProviderServer.class)
class DeliveryEventsTest extends DeliveryServiceTest {


    private Delivery sentEmail(String person) {
        return f.alerts.deliverMessage(DeliverMessageRequest.newBuilder()
                .setReservationId(governance.reserve(person, Channel.CHANNEL_EMAIL)).setPerson(Fixtures.ref(person))
                .setChannel(Channel.CHANNEL_EMAIL).setRendered(RenderedMessage.newBuilder().setSubject("Hi")
                        .setBody("Hello"))
                .setIdempotencyKey(unique("k")).build()).getDelivery();
    }

    private RecordDeliveryEventResponse report(RecordDeliveryEventRequest.Builder request) {
        return f.alerts.recordDeliveryEvent(request.setOccurredAt(Timestamps.of(Instant.now())).setSource("esp-webhook")
                .setIdempotencyKey(unique("k")).build());
    }

    private ContactOutcome ledgerOutcome(String person) {
        return governance.stub.listContactHistory(ListContactHistoryRequest.newBuilder()
                .setPerson(Fixtures.ref(person)).build()).getEntries(0).getOutcome();
    }

    @Test
    void deliveredThenClickedMoveTheStatusAndTheLedger() {
        String person = f.person();
        Delivery sent = sentEmail(person);
        RecordDeliveryEventResponse delivered = report(RecordDeliveryEventRequest.newBuilder()
                .setProviderMessageId(sent.getProviderMessageId()).setKind(DeliveryEventKind.DELIVERY_EVENT_KIND_DELIVERED));
        assertTrue(delivered.getChanged());
        assertEquals(DeliveryStatus.DELIVERY_STATUS_DELIVERED, delivered.getDelivery().getStatus());
        assertEquals(ContactOutcome.CONTACT_OUTCOME_DELIVERED, ledgerOutcome(person));
        assertFalse(report(RecordDeliveryEventRequest.newBuilder().setDeliveryId(sent.getDeliveryId())
                .setKind(DeliveryEventKind.DELIVERY_EVENT_KIND_DELIVERED)).getChanged(), "a repeated report");

        Delivery clicked = report(RecordDeliveryEventRequest.newBuilder().setDeliveryId(sent.getDeliveryId())
                .setKind(DeliveryEventKind.DELIVERY_EVENT_KIND_CLICKED)).getDelivery();
        assertTrue(clicked.hasClickedAt() && clicked.hasOpenedAt());
        assertEquals(ContactOutcome.CONTACT_OUTCOME_RESPONDED, ledgerOutcome(person));
        assertEquals(clicked, f.alerts.getDeliveryStatus(GetDeliveryStatusRequest.newBuilder()
                .setDeliveryId(sent.getDeliveryId()).build()).getDelivery());
    }

    @Test
    void aBounceIsRecordedAsAFailedContact() {
        String person = f.person();
        Delivery sent = sentEmail(person);
        Delivery bounced = report(RecordDeliveryEventRequest.newBuilder().setDeliveryId(sent.getDeliveryId())
                .setKind(DeliveryEventKind.DELIVERY_EVENT_KIND_BOUNCED)
                .setDetail(Reason.newBuilder().setCode("HARD_BOUNCE").setMessage("550 mailbox unknown"))).getDelivery();
        assertEquals(DeliveryStatus.DELIVERY_STATUS_BOUNCED, bounced.getStatus());
        assertEquals("HARD_BOUNCE", bounced.getStatusReason().getCode());
        assertEquals(ContactOutcome.CONTACT_OUTCOME_FAILED, ledgerOutcome(person));
    }

    @Test
    void reportsAboutUnknownOrUnsentDeliveriesAreRefused() {
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> report(
                RecordDeliveryEventRequest.newBuilder().setDeliveryId("d-unknown")
                        .setKind(DeliveryEventKind.DELIVERY_EVENT_KIND_DELIVERED)));
        assertEquals("DELIVERY_NOT_FOUND", GrpcErrorDetails.reason(unknown));

        String person = f.person();
        provider.plan(new ProviderServer.Answer(400, 0));
        Delivery failed = sentEmail(person);
        StatusRuntimeException unsent = assertThrows(StatusRuntimeException.class, () -> report(
                RecordDeliveryEventRequest.newBuilder().setDeliveryId(failed.getDeliveryId())
                        .setKind(DeliveryEventKind.DELIVERY_EVENT_KIND_OPENED)));
        assertEquals(Status.Code.FAILED_PRECONDITION, unsent.getStatus().getCode());
        assertEquals("DELIVERY_NOT_SENT", GrpcErrorDetails.reason(unsent));

        StatusRuntimeException bad = assertThrows(StatusRuntimeException.class, () -> f.alerts.recordDeliveryEvent(
                RecordDeliveryEventRequest.newBuilder().setOccurredAt(Timestamps.of(Instant.now().plusSeconds(3600)))
                        .setDetail(Reason.getDefaultInstance()).build()));
        assertEquals(List.of("delivery_id", "kind", "occurred_at", "detail.code", "source", "idempotency_key"),
                GrpcErrorDetails.fields(bad));
    }
}
