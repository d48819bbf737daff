package io.crowsnest.decisioning;

import static io.crowsnest.decisioning.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.crowsnest.alertnotification.v1.Alert;
import io.crowsnest.alertnotification.v1.AlertKind;
import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc;
import io.crowsnest.alertnotification.v1.GetDeliveryStatusRequest;
import io.crowsnest.alertnotification.v1.ListInboxRequest;
import io.crowsnest.common.v1.Money;
import io.crowsnest.common.v1.PageRequest;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc;
import io.crowsnest.contactgovernance.v1.LedgerEntry;
import io.crowsnest.contactgovernance.v1.ListContactHistoryRequest;
import io.crowsnest.decisioning.domain.CampaignGroup;
import io.crowsnest.decisioning.domain.Uplift;
import io.crowsnest.decisioning.v1.Campaign;
import io.crowsnest.decisioning.v1.CampaignReport;
import io.crowsnest.decisioning.v1.CampaignResponseType;
import io.crowsnest.decisioning.v1.CampaignStatus;
import io.crowsnest.decisioning.v1.ChannelReport;
import io.crowsnest.decisioning.v1.DryRunCampaignRequest;
import io.crowsnest.decisioning.v1.DryRunCampaignResponse;
import io.crowsnest.decisioning.v1.ForgetPersonRequest;
import io.crowsnest.decisioning.v1.GetCampaignReportRequest;
import io.crowsnest.decisioning.v1.GetCampaignRequest;
import io.crowsnest.decisioning.v1.LaunchCampaignResponse;
import io.crowsnest.decisioning.v1.OutcomeType;
import io.crowsnest.decisioning.v1.RecordCampaignResponseRequest;
import io.crowsnest.decisioning.v1.RecordOutcomeRequest;
import io.crowsnest.decisioning.v1.RecordCampaignResponseResponse;
import io.crowsnest.decisioning.v1.UpliftReport;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.decisioning.v1.CampaignAudience;
import io.crowsnest.decisioning.v1.CancelCampaignRequest;
import io.crowsnest.decisioning.v1.ListCampaignsRequest;
import io.crowsnest.decisioning.v1.PauseCampaignRequest;
import io.crowsnest.decisioning.v1.ResumeCampaignRequest;
import io.crowsnest.localstack.testing.GrpcErrorDetails;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Campaigns end to end through gRPC against the real identity, profile, scoring, contact-governance
 * and alert-notification: two divisions' campaigns at one audience under one weekly cap, briefings
 * before any message, control groups untouched, uplift from recorded outcomes, and an outage of
 * alert-notification that makes a campaign wait and then finish without contacting anyone twice.
 */
@QuarkusTest
@QuarkusTestResource(value = Neighbours.class, restrictToAnnotatedClass = true)
class CampaignTest extends CampaignsThroughGrpc {

    static final int CONTROL = 20;
    static final double UNIVERSAL = 10;

    @Inject
    MongoDatabase database;
    @Inject
    io.crowsnest.decisioning.store.CampaignRunStore runs;

    /**
     * Two runners on one partition (the first one's lease lapsed mid-batch): the one that finds
     * members waiting on a batch it cannot read gives the batch up under its key before putting them
     * back, and the runner that made it then can no longer keep it, so it never sends it (a grant for
     * members already reserved anew would hold their capacity and block their real contact). A batch
     * kept first cannot be given up: it is sent as kept.
     */
    @Test
    void aReservationBatchIsEitherKeptOrGivenUpNeverBoth() {
        Instant now = clock.instant();
        byte[] request = "batch".getBytes(StandardCharsets.UTF_8);
        String givenUp = unique("cmp-batch:");
        assertTrue(runs.batch(givenUp).isEmpty());
        assertTrue(runs.abandon(givenUp, now), "nobody kept it: this runner gives it up");
        assertFalse(runs.keepBatch(givenUp, request, List.of("p-1"), now), "its maker finds the key taken");
        assertFalse(runs.abandon(givenUp, now), "given up once");
        assertTrue(runs.batch(givenUp).orElseThrow().abandoned());

        String kept = unique("cmp-batch:");
        assertTrue(runs.keepBatch(kept, request, List.of("p-1"), now));
        assertFalse(runs.abandon(kept, now), "a kept batch is sent as kept, never given up");
        assertFalse(runs.batch(kept).orElseThrow().abandoned());
        assertEquals("batch", new String(runs.batch(kept).orElseThrow().request(), StandardCharsets.UTF_8));
    }

    @Test
    void twoDivisionsAtOneAudienceUnderOneCapAreArbitratedBriefedFirstAndMeasuredAgainstControl() throws Exception {
        CampaignWorld world = CampaignWorld.of(40, profile, scoring, alerts);
        String cardsOffer = CampaignWorld.action(decisioning, "cards");
        String retailOffer = CampaignWorld.action(decisioning, "retail");
        Instant start = clock.instant().plus(Duration.ofHours(1));
        var cardsRequest = CampaignWorld.launch(world.spec("cards", cardsOffer, CONTROL).setSchedule(
                world.spec("cards", cardsOffer, CONTROL).getScheduleBuilder().setStartAt(Timestamps.of(start))));
        LaunchCampaignResponse cards = decisioning.launchCampaign(cardsRequest);
        LaunchCampaignResponse retail = decisioning.launchCampaign(CampaignWorld.launch(world.spec("retail",
                retailOffer, CONTROL).setSchedule(world.spec("retail", retailOffer, CONTROL).getScheduleBuilder()
                        .setStartAt(Timestamps.of(start)))));
        assertEquals(CampaignStatus.CAMPAIGN_STATUS_SCHEDULED, cards.getCampaign().getStatus());
        assertEquals(cards.getCampaignId(), decisioning.launchCampaign(cardsRequest).getCampaignId(),
                "the same launch with the same idempotency key is one campaign");

        clock.advance(Duration.ofHours(1));
        Campaign cardsDone = awaitEnd(cards.getCampaignId());
        Campaign retailDone = awaitEnd(retail.getCampaignId());
        assertEquals(CampaignStatus.CAMPAIGN_STATUS_COMPLETED, cardsDone.getStatus(), cardsDone.toString());
        assertEquals(CampaignStatus.CAMPAIGN_STATUS_COMPLETED, retailDone.getStatus(), retailDone.toString());
        assertEquals(1, retailDone.getProgress().getBriefedTeamCount());

        List<Alert> briefings = AlertNotificationServiceGrpc.newBlockingStub(alerts).listInbox(ListInboxRequest
                .newBuilder().addTeamIds(world.team).addKinds(AlertKind.ALERT_KIND_CAMPAIGN_BRIEFING).build())
                .getAlertsList();
        assertEquals(Set.of(cards.getCampaignId(), retail.getCampaignId()),
                Set.copyOf(briefings.stream().map(Alert::getCampaignId).toList()));
        Instant lastBriefing = briefings.stream().map(a -> Timestamps.instant(a.getPublishedAt())).max(Instant::compareTo)
                .orElseThrow();

        var ledger = ContactGovernanceServiceGrpc.newBlockingStub(governance);
        var deliveries = AlertNotificationServiceGrpc.newBlockingStub(alerts);
        Map<String, Instant> retailContacts = new HashMap<>();
        int expectedCardsBlocked = 0;
        for (String person : world.persons) {
            List<LedgerEntry> entries = ledger.listContactHistory(ListContactHistoryRequest.newBuilder()
                    .setPerson(PersonRef.newBuilder().setPersonId(person)).build()).getEntriesList();
            assertTrue(entries.size() <= 1, person + " exceeds the weekly cap of 1: " + entries);
            CampaignGroup inRetail = CampaignGroup.of(retail.getCampaignId(), person, CONTROL, UNIVERSAL);
            CampaignGroup inCards = CampaignGroup.of(cards.getCampaignId(), person, CONTROL, UNIVERSAL);
            String expected = inRetail == CampaignGroup.TARGET ? retail.getCampaignId()
                    : inCards == CampaignGroup.TARGET ? cards.getCampaignId() : null;
            assertEquals(expected, entries.isEmpty() ? null : entries.get(0).getCampaignId(), person + " in retail "
                    + inRetail + ", in cards " + inCards + ": retail (priority 1) wins a person both target");
            expectedCardsBlocked += inRetail == CampaignGroup.TARGET && inCards == CampaignGroup.TARGET ? 1 : 0;
            for (LedgerEntry e : entries) {
                Instant sent = Timestamps.instant(deliveries.getDeliveryStatus(GetDeliveryStatusRequest.newBuilder()
                        .setReservationId(e.getReservationId()).build()).getDelivery().getCreatedAt());
                assertFalse(sent.isBefore(lastBriefing), "a message went out at " + sent + " before the briefings ("
                        + lastBriefing + ")");
                if (e.getCampaignId().equals(retail.getCampaignId())) {
                    retailContacts.put(person, sent);
                }
            }
        }
        assertTrue(expectedCardsBlocked > 0 && !retailContacts.isEmpty(), "the audience is too small to tell");
        ChannelReport cardsTotals = report(cards.getCampaignId()).getTotals();
        assertEquals(expectedCardsBlocked, cardsTotals.getGovernanceBlockedCount(), cardsTotals.toString());
        assertFalse(cardsTotals.getGovernanceBlockedByReasonList().isEmpty());

        // seeded outcomes: half the contacted retail customers convert (EUR 100 each), one control person (EUR 50)
        List<String> contacted = world.persons.stream().filter(retailContacts::containsKey).toList();
        List<String> control = world.persons.stream().filter(p -> CampaignGroup.of(retail.getCampaignId(), p, CONTROL,
                UNIVERSAL).heldOut()).toList();
        int converting = contacted.size() / 2;
        for (String p : contacted.subList(0, converting)) {
            assertTrue(respond(retail.getCampaignId(), p, 10_000).getAttributed());
        }
        RecordCampaignResponseResponse held = respond(retail.getCampaignId(), control.get(0), 5_000);
        assertTrue(held.getAttributed(), held.getExplanation());
        RecordCampaignResponseResponse early = decisioning.recordCampaignResponse(RecordCampaignResponseRequest
                .newBuilder().setCampaignId(retail.getCampaignId()).setPersonId(contacted.get(contacted.size() - 1))
                .setType(CampaignResponseType.CAMPAIGN_RESPONSE_TYPE_CONVERTED)
                .setOccurredAt(Timestamps.of(clock.instant().minus(Duration.ofDays(2)))).setSource("core-banking")
                .setIdempotencyKey(unique("r-")).build());
        assertFalse(early.getAttributed(), "a purchase before the contact is not the campaign's");
        assertTrue(early.getExplanation().contains("outside the attribution window"), early.getExplanation());

        CampaignReport r = report(retail.getCampaignId());
        UpliftReport u = r.getUplift();
        assertEquals(contacted.size(), u.getContactedCount());
        assertEquals(converting, u.getContactedConvertedCount());
        assertEquals(control.size(), u.getControlCount());
        assertEquals(1, u.getControlConvertedCount());
        assertEquals((double) converting / contacted.size(), u.getContactedConversionRate(), 1e-12);
        assertEquals(1.0 / control.size(), u.getControlConversionRate(), 1e-12);
        assertEquals(100.0 * converting / contacted.size(), u.getContactedRevenuePerPerson(), 1e-9);
        assertEquals(50.0 / control.size(), u.getControlRevenuePerPerson(), 1e-9);
        Uplift.Result expected = Uplift.of(new Uplift.Group(contacted.size(), converting, 100.0 * converting,
                10_000.0 * converting), new Uplift.Group(control.size(), 1, 50, 2_500), "EUR");
        assertEquals(expected.conversion().lower(), u.getConversionUplift().getLower(), 1e-12);
        assertEquals(expected.conversion().upper(), u.getConversionUplift().getUpper(), 1e-12);
        assertEquals(expected.revenue().lower(), u.getRevenueUpliftPerPerson().getLower(), 1e-9);
        assertTrue(u.getSummary().startsWith("contacted converted"), u.getSummary());
        ChannelReport email = r.getChannels(0);
        assertEquals(contacted.size(), email.getSentCount());
        assertEquals(converting, email.getConvertedCount());
        assertEquals(10_000L * converting, email.getConvertedValue().getAmountMinor());
        assertEquals(retailOffer, r.getActions(0).getActionId());
        // an email costs 7 cents: the channel, the campaign's totals and the action's totals say what was spent
        long spent = CampaignWorld.EMAIL_COST_MINOR * contacted.size();
        for (ChannelReport line : List.of(email, r.getTotals(), r.getActions(0).getTotals(),
                r.getActions(0).getChannels(0))) {
            assertEquals(spent, line.getCost().getAmountMinor(), line.toString());
            assertEquals("EUR", line.getCost().getCurrencyCode());
            assertEquals(spent / converting, line.getCostPerConversion().getAmountMinor(), line.toString());
        }

        DryRunCampaignResponse dry = decisioning.dryRunCampaign(DryRunCampaignRequest.newBuilder()
                .setSpec(world.spec("retail", retailOffer, CONTROL)).build());
        assertEquals(world.persons.size(), dry.getAudienceSize());
        assertEquals(dry.getTargetCount(), dry.getCheckedCount());
        long capped = world.persons.stream().filter(p -> CampaignGroup.of("dry-run", p, CONTROL, UNIVERSAL)
                == CampaignGroup.TARGET).filter(p -> retailContacts.containsKey(p) || CampaignGroup.of(
                        cards.getCampaignId(), p, CONTROL, UNIVERSAL) == CampaignGroup.TARGET).count();
        assertEquals(capped, dry.getBlockedCount(), dry.toString());

        // erasing a contacted, converted customer drops the person from the campaign, not from its counts
        String erased = contacted.get(0);
        decisioning.forgetPerson(ForgetPersonRequest.newBuilder().setPersonId(erased)
                .setReason(Reason.newBuilder().setCode("GDPR_ERASURE")).setRequestingSystem("privacy-desk")
                .setIdempotencyKey(unique("f-")).build());
        for (String store : List.of("campaign_members", "campaign_batches")) {
            for (Document d : database.getCollection(store).find()) {
                Binary request = d.get("request", Binary.class);
                assertFalse(d.toJson().contains(erased) || request != null
                        && new String(request.getData(), StandardCharsets.ISO_8859_1).contains(erased),
                        store + " keeps the erased person: " + d.get("_id"));
            }
        }
        assertEquals(1, database.getCollection("campaign_members").countDocuments(Filters.and(
                Filters.eq("campaign_id", retail.getCampaignId()), Filters.regex("person_id", "^erased-"),
                Filters.eq("state", "SENT"), Filters.eq("responses", "CONVERTED"))),
                "the member is kept under a pseudonym, contacted and converted");
        assertEquals(r.toBuilder().clearAsOf().build(), report(retail.getCampaignId()).toBuilder().clearAsOf().build(),
                "the report after the erasure is the report before it");
        assertEquals(cardsTotals, report(cards.getCampaignId()).getTotals());
    }

    @Test
    void alertNotificationDownAtTheStartMakesTheCampaignWaitThenFinishWithoutDoubles() throws Exception {
        CampaignWorld world = CampaignWorld.of(12, profile, scoring, alerts);
        String offer = CampaignWorld.action(decisioning, "retail");
        Map<String, Long> pids = neighbours.stack().processIds();
        ProcessHandle alertProcess = ProcessHandle.of(pids.get("alert-notification")).orElseThrow();
        alertProcess.destroyForcibly();
        alertProcess.onExit().get();
        String id = decisioning.launchCampaign(CampaignWorld.launch(world.spec("retail", offer, 0))).getCampaignId();
        Campaign waiting = Await.until(Duration.ofSeconds(30), () -> get(id),
                c -> !c.getProgress().getWaitingReason().isEmpty(), "campaign " + id + " says why it waits");
        assertEquals(CampaignStatus.CAMPAIGN_STATUS_SCHEDULED, waiting.getStatus(), waiting.toString());
        assertTrue(waiting.getProgress().getWaitingReason().contains("alert-notification unreachable"),
                waiting.getProgress().getWaitingReason());
        assertEquals(0, waiting.getProgress().getSentCount());

        neighbours.stack().startReplica("alert-notification", neighbours.stack().httpPort("alert-notification"),
                neighbours.port("alert-notification"));
        Campaign done = awaitEnd(id);
        assertEquals(CampaignStatus.CAMPAIGN_STATUS_COMPLETED, done.getStatus(), done.toString());
        var ledger = ContactGovernanceServiceGrpc.newBlockingStub(governance);
        int contacted = 0;
        for (String person : world.persons) {
            int n = ledger.listContactHistory(ListContactHistoryRequest.newBuilder().setPerson(PersonRef.newBuilder()
                    .setPersonId(person)).setCampaignId(id).build()).getEntriesCount();
            assertTrue(n <= 1, person + " was contacted " + n + " times");
            contacted += n;
        }
        assertEquals(done.getProgress().getSentCount(), contacted);
        assertEquals(world.persons.stream().filter(p -> CampaignGroup.of(id, p, 0, UNIVERSAL) == CampaignGroup.TARGET)
                .count(), contacted);
    }

    @Test
    void contactGovernanceDownDuringTheRunMakesItWaitThenResumeWithoutDoubles() throws Exception {
        CampaignWorld world = CampaignWorld.of(12, profile, scoring, alerts);
        String offer = CampaignWorld.action(decisioning, "retail");
        ProcessHandle governanceProcess = ProcessHandle.of(neighbours.stack().processIds().get("contact-governance"))
                .orElseThrow();
        governanceProcess.destroyForcibly();
        governanceProcess.onExit().get();
        String id = decisioning.launchCampaign(CampaignWorld.launch(world.spec("retail", offer, 0))).getCampaignId();
        Campaign waiting = Await.until(Duration.ofSeconds(30), () -> get(id),
                c -> c.getProgress().getWaitingReason().contains("governance"),
                "campaign " + id + " waits for contact-governance");
        assertEquals(CampaignStatus.CAMPAIGN_STATUS_RUNNING, waiting.getStatus(), waiting.toString());
        assertTrue(waiting.getProgress().getWaitingReason().contains("nothing is sent twice"),
                waiting.getProgress().getWaitingReason());
        assertEquals(0, waiting.getProgress().getSentCount());
        assertEquals(1, waiting.getProgress().getBriefedTeamCount(), "the briefing went out before the outage");

        neighbours.stack().startReplica("contact-governance", neighbours.stack().httpPort("contact-governance"),
                neighbours.port("contact-governance"));
        Campaign done = awaitEnd(id);
        assertEquals(CampaignStatus.CAMPAIGN_STATUS_COMPLETED, done.getStatus(), done.toString());
        var ledger = ContactGovernanceServiceGrpc.newBlockingStub(governance);
        long targets = world.persons.stream().filter(p -> CampaignGroup.of(id, p, 0, UNIVERSAL)
                == CampaignGroup.TARGET).count();
        int contacted = 0;
        for (String person : world.persons) {
            int n = ledger.listContactHistory(ListContactHistoryRequest.newBuilder().setPerson(PersonRef.newBuilder()
                    .setPersonId(person)).setCampaignId(id).build()).getEntriesCount();
            assertTrue(n <= 1, person + " was contacted " + n + " times");
            contacted += n;
        }
        assertEquals(targets, contacted, "every target contacted once after the outage, nobody lost");
        assertEquals(targets, done.getProgress().getSentCount());

        // an outcome recorded against the campaign's decision counts for the campaign, once
        String buyer = world.persons.stream().filter(p -> CampaignGroup.of(id, p, 0, UNIVERSAL)
                == CampaignGroup.TARGET).findFirst().orElseThrow();
        LedgerEntry entry = ledger.listContactHistory(ListContactHistoryRequest.newBuilder().setPerson(PersonRef
                .newBuilder().setPersonId(buyer)).setCampaignId(id).build()).getEntries(0);
        var delivery = AlertNotificationServiceGrpc.newBlockingStub(alerts).getDeliveryStatus(GetDeliveryStatusRequest
                .newBuilder().setReservationId(entry.getReservationId()).build()).getDelivery();
        for (int i = 0; i < 2; i++) {
            decisioning.recordOutcome(RecordOutcomeRequest.newBuilder().setDecisionId(delivery.getDecisionId())
                    .setActionId(delivery.getActionId()).setType(OutcomeType.OUTCOME_TYPE_CONVERTED)
                    .setOccurredAt(Timestamps.of(clock.instant())).setConversionValue(Money.newBuilder()
                            .setCurrencyCode("EUR").setAmountMinor(2_500)).setIdempotencyKey(unique("o-")).build());
        }
        CampaignReport r = report(id);
        assertEquals(1, r.getUplift().getContactedConvertedCount());
        assertEquals(2_500, r.getTotals().getConvertedValue().getAmountMinor());
    }

    @Test
    void badCampaignsAreRefusedWithTheFieldOrReasonAndChangeNothing() throws Exception {
        CampaignWorld world = CampaignWorld.of(3, profile, scoring, alerts);
        CampaignWorld empty = CampaignWorld.of(0, profile, scoring, alerts);
        String offer = CampaignWorld.action(decisioning, "retail");
        int before = decisioning.listCampaigns(ListCampaignsRequest.newBuilder().build()).getCampaignsCount();

        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class, () -> decisioning.launchCampaign(
                CampaignWorld.launch(world.spec("retail", offer, 10).setAudience(CampaignAudience.newBuilder()
                        .setSegmentId(unique("no-such-"))))));
        assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
        assertEquals("SEGMENT_NOT_FOUND", GrpcErrorDetails.reason(missing));

        StatusRuntimeException nobody = assertThrows(StatusRuntimeException.class, () -> decisioning.launchCampaign(
                CampaignWorld.launch(empty.spec("retail", offer, 10))));
        assertEquals(Status.Code.FAILED_PRECONDITION, nobody.getStatus().getCode());
        assertEquals("AUDIENCE_EMPTY", GrpcErrorDetails.reason(nobody));

        var spec = world.spec("retail", offer, 60);
        spec.getScheduleBuilder().setStartAt(Timestamps.of(clock.instant().minus(Duration.ofDays(1))))
                .setEndAt(Timestamps.of(clock.instant().minus(Duration.ofHours(1))));
        StatusRuntimeException bad = assertThrows(StatusRuntimeException.class,
                () -> decisioning.launchCampaign(CampaignWorld.launch(spec)));
        assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
        assertEquals(List.of("spec.schedule.start_at", "spec.schedule.end_at", "spec.control_group.share_percent"),
                GrpcErrorDetails.fields(bad));

        var once = CampaignWorld.launch(world.spec("retail", offer, 10).setSchedule(world.spec("retail", offer, 10)
                .getScheduleBuilder().setStartAt(Timestamps.of(clock.instant().plus(Duration.ofDays(1))))));
        String id = decisioning.launchCampaign(once).getCampaignId();
        StatusRuntimeException reused = assertThrows(StatusRuntimeException.class, () -> decisioning.launchCampaign(
                once.toBuilder().setSpec(once.getSpec().toBuilder().setName("Another")).build()));
        assertEquals(Status.Code.ALREADY_EXISTS, reused.getStatus().getCode());
        assertEquals(before + 1, decisioning.listCampaigns(ListCampaignsRequest.newBuilder().build())
                .getCampaignsCount(), "only the one campaign launched");

        Campaign paused = decisioning.pauseCampaign(PauseCampaignRequest.newBuilder().setCampaignId(id)
                .setReason(Reason.newBuilder().setCode("CALL_CENTRE_OVERLOADED")).setPausedBy("marketer-1")
                .setIdempotencyKey(unique("p-")).build()).getCampaign();
        assertEquals(CampaignStatus.CAMPAIGN_STATUS_PAUSED, paused.getStatus());
        assertEquals("CALL_CENTRE_OVERLOADED", paused.getStatusReason().getCode());
        assertEquals(CampaignStatus.CAMPAIGN_STATUS_SCHEDULED, decisioning.resumeCampaign(ResumeCampaignRequest
                .newBuilder().setCampaignId(id).setResumedBy("marketer-1").setIdempotencyKey(unique("r-")).build())
                .getCampaign().getStatus());
        var cancelled = decisioning.cancelCampaign(CancelCampaignRequest.newBuilder().setCampaignId(id)
                .setReason(Reason.newBuilder().setCode("WRONG_PRICE")).setCancelledBy("marketer-1")
                .setIdempotencyKey(unique("c-")).build());
        assertEquals(CampaignStatus.CAMPAIGN_STATUS_CANCELLED, cancelled.getCampaign().getStatus());
        StatusRuntimeException ended = assertThrows(StatusRuntimeException.class, () -> decisioning.pauseCampaign(
                PauseCampaignRequest.newBuilder().setCampaignId(id).setReason(Reason.newBuilder().setCode("LATE"))
                        .setPausedBy("marketer-1").setIdempotencyKey(unique("p-")).build()));
        assertEquals("CAMPAIGN_ENDED", GrpcErrorDetails.reason(ended));
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> decisioning.getCampaign(
                GetCampaignRequest.newBuilder().setCampaignId("cmp-nope").build()));
        assertEquals("CAMPAIGN_NOT_FOUND", GrpcErrorDetails.reason(unknown));

        String newer = decisioning.launchCampaign(CampaignWorld.launch(world.spec("retail", offer, 10)))
                .getCampaignId();
        var first = decisioning.listCampaigns(ListCampaignsRequest.newBuilder().setPage(PageRequest.newBuilder()
                .setPageSize(1)).build());
        assertEquals(newer, first.getCampaigns(0).getCampaignId(), "newest launch first");
        var second = decisioning.listCampaigns(ListCampaignsRequest.newBuilder().setPage(PageRequest.newBuilder()
                .setPageSize(1).setPageToken(first.getPage().getNextPageToken())).build());
        assertEquals(id, second.getCampaigns(0).getCampaignId());
        StatusRuntimeException foreign = assertThrows(StatusRuntimeException.class, () -> decisioning.listCampaigns(
                ListCampaignsRequest.newBuilder().addStatuses(CampaignStatus.CAMPAIGN_STATUS_RUNNING).setPage(
                        PageRequest.newBuilder().setPageToken(first.getPage().getNextPageToken())).build()));
        assertEquals("PAGE_TOKEN_INVALID", GrpcErrorDetails.reason(foreign));
    }

    private RecordCampaignResponseResponse respond(String campaignId, String person, long valueMinor) {
        return decisioning.recordCampaignResponse(RecordCampaignResponseRequest.newBuilder().setCampaignId(campaignId)
                .setPersonId(person).setType(CampaignResponseType.CAMPAIGN_RESPONSE_TYPE_CONVERTED)
                .setOccurredAt(Timestamps.of(clock.instant())).setValue(Money.newBuilder().setCurrencyCode("EUR")
                        .setAmountMinor(valueMinor)).setSource("core-banking").setIdempotencyKey(unique("r-")).build());
    }

    private CampaignReport report(String id) {
        return decisioning.getCampaignReport(GetCampaignReportRequest.newBuilder().setCampaignId(id).build())
                .getReport();
    }
}
