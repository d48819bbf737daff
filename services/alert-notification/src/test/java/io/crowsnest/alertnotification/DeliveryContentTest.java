package io.crowsnest.alertnotification;

import static io.crowsnest.alertnotification.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Value;

import io.crowsnest.alertnotification.v1.DeliverMessageRequest;
import io.crowsnest.alertnotification.v1.Delivery;
import io.crowsnest.alertnotification.v1.RenderedMessage;
import io.crowsnest.alertnotification.v1.TemplateContent;
import io.crowsnest.common.v1.Channel;
import io.crowsnest.contactgovernance.v1.ReservationState;
import io.crowsnest.localstack.testing.GrpcErrorDetails;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.localstack.testing.RedisTestResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Message content: Qute templates of the service, content limits per channel, and each bad field. */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(Neighbours.class)
@QuarkusTestResource(ProviderServer.class)
class DeliveryContentTest extends DeliveryServiceTest {


    static Value text(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }

    DeliverMessageRequest.Builder cardExpiry(Channel channel, String language) {
        return DeliverMessageRequest.newBuilder().setReservationId(governance.reserve(person, channel))
                .setPerson(Fixtures.ref(person)).setChannel(channel)
                .setTemplate(TemplateContent.newBuilder().setTemplateId("card-expiry").setLanguage(language)
                        .putVariables("first_name", text("Jeanne")).putVariables("card_last4", text("4242"))
                        .putVariables("expires_on", text("31/12")))
                .setIdempotencyKey(unique("k"));
    }

    @Test
    void aTemplateIsRenderedInTheAskedLanguageForTheChannel() throws Exception {
        Delivery sms = f.alerts.deliverMessage(cardExpiry(Channel.CHANNEL_SMS, "").build()).getDelivery();
        assertEquals("card-expiry", sms.getTemplateId());
        String smsFile = Files.readString(Path.of("target/messages", sms.getDeliveryId() + ".txt"));
        assertTrue(smsFile.endsWith("\n\nYour card ending 4242 expires on 31/12. Your new card is on its way.\n"),
                smsFile);

        Delivery email = f.alerts.deliverMessage(cardExpiry(Channel.CHANNEL_EMAIL, "fr-FR").build()).getDelivery();
        String body = provider.received(email.getDeliveryId()).get(0).body();
        assertTrue(body.contains("\"subject\":\"Votre carte se terminant par 4242 expire le 31/12\""), body);
        assertTrue(body.contains("Bonjour Jeanne,"), body);
    }

    @Test
    void templateProblemsAreRefusedAndTheReservationIsLeftAsItWas() {
        DeliverMessageRequest.Builder missing = cardExpiry(Channel.CHANNEL_EMAIL, "");
        missing.getTemplateBuilder().removeVariables("first_name");
        StatusRuntimeException e = refused(missing);
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(List.of("template.variables"), GrpcErrorDetails.fields(e));
        assertTrue(e.getStatus().getDescription().contains("first_name"), e.getStatus().getDescription());
        assertEquals(ReservationState.RESERVATION_STATE_HELD,
                governance.reservation(missing.getReservationId()).getState());

        DeliverMessageRequest.Builder unknown = cardExpiry(Channel.CHANNEL_SMS, "");
        unknown.getTemplateBuilder().setTemplateId("no-such-template");
        assertEquals("TEMPLATE_NOT_FOUND", GrpcErrorDetails.reason(refused(unknown)));
        assertEquals("TEMPLATE_CHANNEL_NOT_FOUND",
                GrpcErrorDetails.reason(refused(cardExpiry(Channel.CHANNEL_PUSH, ""))));
    }

    @Test
    void contentOverTheChannelsLimitsIsRefused() {
        String reservation = governance.reserve(person, Channel.CHANNEL_SMS);
        DeliverMessageRequest.Builder request = DeliverMessageRequest.newBuilder().setReservationId(reservation)
                .setPerson(Fixtures.ref(person)).setChannel(Channel.CHANNEL_SMS).setIdempotencyKey(unique("k"));
        request.setRendered(RenderedMessage.newBuilder().setBody("x".repeat(1601)));
        assertEquals(List.of("rendered.body"), GrpcErrorDetails.fields(refused(request)));
        request.setRendered(RenderedMessage.newBuilder().setSubject("Hi").setBody("x"))
                .setIdempotencyKey(unique("k"));
        assertEquals(List.of("rendered.subject"), GrpcErrorDetails.fields(refused(request)));
        request.setRendered(RenderedMessage.newBuilder().setBody("<p>x</p>").setContentType("text/html"))
                .setIdempotencyKey(unique("k"));
        assertEquals(List.of("rendered.content_type"), GrpcErrorDetails.fields(refused(request)));
        assertEquals(ReservationState.RESERVATION_STATE_HELD, governance.reservation(reservation).getState());
    }

    @Test
    void badRequestsNameEveryField() {
        StatusRuntimeException e = refused(DeliverMessageRequest.newBuilder().setReservationId("r".repeat(65))
                .setChannel(Channel.CHANNEL_PHONE).setTemplate(TemplateContent.newBuilder().setTemplateId("Bad Id")
                        .setLanguage("not a tag").putVariables("Bad", text("x"))
                        .putVariables("nothing", Value.newBuilder().setNullValueValue(0).build()))
                .setCampaignId("c".repeat(65)));
        assertEquals(List.of("reservation_id", "person", "channel", "template.template_id", "template.language",
                "template.variables[\"Bad\"]", "template.variables[\"nothing\"]", "campaign_id", "idempotency_key"),
                GrpcErrorDetails.fields(e).stream().sorted((a, b) -> order(a) - order(b)).toList());
        assertEquals(List.of("content"), GrpcErrorDetails.fields(refused(DeliverMessageRequest.newBuilder()
                .setReservationId("r").setPerson(Fixtures.ref(person)).setChannel(Channel.CHANNEL_SMS)
                .setIdempotencyKey("k"))));
    }

    private static int order(String field) {
        List<String> expected = List.of("reservation_id", "person", "channel", "template.template_id",
                "template.language", "template.variables[\"Bad\"]", "template.variables[\"nothing\"]", "campaign_id",
                "idempotency_key");
        return expected.indexOf(field);
    }

    private StatusRuntimeException refused(DeliverMessageRequest.Builder request) {
        return assertThrows(StatusRuntimeException.class, () -> f.alerts.deliverMessage(request.build()));
    }
}
