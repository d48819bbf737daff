package io.crowsnest.decisioning;

import static io.crowsnest.decisioning.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc;
import io.crowsnest.alertnotification.v1.DeliveryEventKind;
import io.crowsnest.alertnotification.v1.GetDeliveryStatusRequest;
import io.crowsnest.alertnotification.v1.RecordDeliveryEventRequest;
import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.Money;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc;
import io.crowsnest.contactgovernance.v1.ListContactHistoryRequest;
import io.crowsnest.decisioning.attribution.CampaignAttribution;
import io.crowsnest.decisioning.domain.CampaignGroup;
import io.crowsnest.decisioning.v1.Campaign;
import io.crowsnest.decisioning.v1.CampaignReport;
import io.crowsnest.decisioning.v1.CampaignStatus;
import io.crowsnest.decisioning.v1.GetCampaignReportRequest;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.ProfileServiceGrpc;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What a campaign earned without anyone reporting it to decisioning, through the real neighbours:
 * purchases profile records for the audience within the attribution window count as conversions
 * with their amount, and the provider's delivery reports alert-notification keeps count as
 * delivered, each once however often the sweep runs (here twice at once, as two instances would).
 */
@QuarkusTest
@QuarkusTestResource(value = Neighbours.class, restrictToAnnotatedClass = true)
class CampaignAttributionTest extends CampaignsThroughGrpc {

    static final int CONTROL = 30;

    @Inject
    CampaignAttribution attribution;

    @Test
    void purchasesInProfileAndDeliveryReportsInAlertNotificationAreAttributedOnce() throws Exception {
        CampaignWorld world = CampaignWorld.of(10, profile, scoring, alerts);
        String offer = CampaignWorld.action(decisioning, "retail");
        String id = decisioning.launchCampaign(CampaignWorld.launch(world.spec("retail", offer, CONTROL)))
                .getCampaignId();
        Campaign done = awaitEnd(id);
        assertEquals(CampaignStatus.CAMPAIGN_STATUS_COMPLETED, done.getStatus(), done.toString());
        List<String> contacted = world.persons.stream().filter(p -> CampaignGroup.of(id, p, CONTROL,
                CampaignTest.UNIVERSAL) == CampaignGroup.TARGET).toList();
        List<String> held = world.persons.stream().filter(p -> !contacted.contains(p)).toList();
        assertTrue(contacted.size() >= 3 && !held.isEmpty(), "the audience is too small to tell: " + contacted);

        Instant now = Instant.now();
        purchase(world, contacted.get(0), 8_000, now);
        purchase(world, contacted.get(0), -8_000, now); // a refund is not a conversion
        purchase(world, held.get(0), 2_000, now);
        purchase(world, contacted.get(1), 5_000, now.minus(Duration.ofDays(2))); // before the contact
        var deliveries = AlertNotificationServiceGrpc.newBlockingStub(alerts);
        String reservation = ContactGovernanceServiceGrpc.newBlockingStub(governance).listContactHistory(
                ListContactHistoryRequest.newBuilder().setPerson(PersonRef.newBuilder().setPersonId(contacted.get(2)))
                        .setCampaignId(id).build()).getEntries(0).getReservationId();
        String delivery = deliveries.getDeliveryStatus(GetDeliveryStatusRequest.newBuilder()
                .setReservationId(reservation).build()).getDelivery().getDeliveryId();
        deliveries.recordDeliveryEvent(RecordDeliveryEventRequest.newBuilder().setDeliveryId(delivery)
                .setKind(DeliveryEventKind.DELIVERY_EVENT_KIND_DELIVERED).setOccurredAt(Timestamps.of(now))
                .setSource("esp-webhook").setIdempotencyKey(unique("de-")).build());

        CompletableFuture<Void> one = CompletableFuture.runAsync(attribution::sweep);
        CompletableFuture<Void> two = CompletableFuture.runAsync(attribution::sweep);
        one.get();
        two.get();
        attribution.sweep();

        CampaignReport r = decisioning.getCampaignReport(GetCampaignReportRequest.newBuilder().setCampaignId(id)
                .build()).getReport();
        assertEquals(1, r.getUplift().getContactedConvertedCount(), r.getUplift().toString());
        assertEquals(1, r.getUplift().getControlConvertedCount(), r.getUplift().toString());
        assertEquals(1, r.getTotals().getConvertedCount());
        assertEquals(8_000, r.getTotals().getConvertedValue().getAmountMinor(), "counted once, the refund not");
        assertEquals(80.0 / contacted.size(), r.getUplift().getContactedRevenuePerPerson(), 1e-9);
        assertEquals(20.0 / held.size(), r.getUplift().getControlRevenuePerPerson(), 1e-9);
        assertEquals(1, r.getTotals().getDeliveredCount(), "the provider's report, from alert-notification");
    }

    private void purchase(CampaignWorld world, String person, long amountMinor, Instant at) {
        ProfileServiceGrpc.newBlockingStub(profile).recordEvent(RecordEventRequest.newBuilder()
                .setEventId(unique("buy-")).addIdentifiers(Identifier.newBuilder().setType("email")
                        .setValue(world.emails.get(person))).setType(EventType.EVENT_TYPE_PURCHASE)
                .setChannel(Channel.CHANNEL_WEB).setOccurredAt(Timestamps.of(at)).setSource("core-banking")
                .setAmount(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(amountMinor)).build());
    }
}
