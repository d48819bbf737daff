package io.crowsnest.decisioning;

import static io.crowsnest.decisioning.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.Money;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc;
import io.crowsnest.contactgovernance.v1.ListContactHistoryRequest;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.decisioning.campaigns.SegmentEntries;
import io.crowsnest.decisioning.domain.CampaignGroup;
import io.crowsnest.decisioning.v1.ActionKind;
import io.crowsnest.decisioning.v1.ActionSpec;
import io.crowsnest.decisioning.v1.Campaign;
import io.crowsnest.decisioning.v1.CampaignAudience;
import io.crowsnest.decisioning.v1.CampaignMode;
import io.crowsnest.decisioning.v1.PauseCampaignRequest;
import io.crowsnest.decisioning.v1.ResumeCampaignRequest;
import io.crowsnest.decisioning.v1.DryRunCampaignRequest;
import io.crowsnest.decisioning.v1.DryRunCampaignResponse;
import io.crowsnest.decisioning.v1.CampaignStatus;
import io.crowsnest.decisioning.v1.GetCampaignReportRequest;
import io.crowsnest.decisioning.v1.MessageTemplate;
import io.crowsnest.decisioning.v1.SendWindow;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.localstack.testing.GrpcErrorDetails;
import io.crowsnest.platform.grpc.Timestamps;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Who a campaign reaches and when, through gRPC against the real neighbours: an audience limited to
 * the max_size persons of highest expected value (ties by person id), an audience given as a CEL
 * expression over the population, and a send window read in each person's own time zone from
 * profile, with the campaign's default zone for the others.
 */
@QuarkusTest
@QuarkusTestResource(value = Neighbours.class, restrictToAnnotatedClass = true)
class CampaignAudienceTest extends CampaignsThroughGrpc {

    static final double UNIVERSAL = CampaignTest.UNIVERSAL;

    @Inject
    SegmentEntries entries;

    @Test
    void aMaxSizeKeepsThePersonsOfHighestExpectedValueWithTiesByPersonId() throws Exception {
        CampaignWorld world = CampaignWorld.of(8, profile, scoring, alerts);
        int[] events = {9, 8, 4, 4, 4, 1, 1, 1};
        Map<String, Double> propensity = new HashMap<>();
        for (int i = 0; i < events.length; i++) {
            String person = world.persons.get(i);
            for (int e = 1; e < events[i]; e++) {
                world.interest(person);
            }
            propensity.put(person, events[i] >= 8 ? 0.9 : events[i] >= 4 ? 0.5 : 0.1);
        }
        String s = "scores[\"" + world.score + "\"]";
        String offer = unique("retail-ranked-");
        decisioning.createAction(Fixtures.create(offer, ActionSpec.newBuilder().setKind(ActionKind.ACTION_KIND_OFFER)
                .setName("Ranked offer").addChannels(Channel.CHANNEL_EMAIL)
                .setDivision(DivisionRef.newBuilder().setId("retail"))
                .setContactCategory(ContactCategory.CONTACT_CATEGORY_MARKETING)
                .setValue(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(10_000))
                .setPropensityExpression(s + " >= 75.0 ? 0.9 : (" + s + " >= 35.0 ? 0.5 : 0.1)")
                .addTemplates(MessageTemplate.newBuilder().setChannel(Channel.CHANNEL_EMAIL)
                        .setSubject("An offer").setBody("Dear customer, our offer."))));
        var spec = world.spec("retail", offer, 0);
        spec.getAudienceBuilder().setMaxSize(4);
        List<String> ranked = new ArrayList<>(world.persons);
        ranked.sort(Comparator.comparing((String p) -> -propensity.get(p)).thenComparing(Comparator.naturalOrder()));
        List<String> kept = ranked.subList(0, 4);
        assertEquals(0.5, propensity.get(kept.get(3)), "the cut falls inside the tie of three persons at 0.5");

        DryRunCampaignResponse dry = decisioning.dryRunCampaign(DryRunCampaignRequest.newBuilder().setSpec(spec)
                .build());
        assertEquals(4, dry.getAudienceSize(), "the dry run reports the audience after the cut: " + dry);
        assertEquals(4, dry.getOverLimitCount(), dry.toString());
        long keptInUniversal = kept.stream().filter(p -> CampaignGroup.of("dry-run", p, 0, UNIVERSAL)
                == CampaignGroup.UNIVERSAL_CONTROL).count();
        assertEquals(keptInUniversal, dry.getUniversalControlCount(), "the held-out among the kept: " + dry);
        assertEquals(4 - keptInUniversal, dry.getTargetCount(), dry.toString());
        assertTrue(dry.getSummary().contains("4 persons in the audience (4 more left out by the max_size"),
                dry.getSummary());

        String id = decisioning.launchCampaign(CampaignWorld.launch(spec)).getCampaignId();
        Campaign done = awaitEnd(id);
        assertEquals(CampaignStatus.CAMPAIGN_STATUS_COMPLETED, done.getStatus(), done.toString());
        assertEquals(4, done.getSpec().getAudience().getMaxSize());

        var ledger = ContactGovernanceServiceGrpc.newBlockingStub(governance);
        long keptTargets = 0;
        for (String person : world.persons) {
            boolean target = CampaignGroup.of(id, person, 0, UNIVERSAL) == CampaignGroup.TARGET;
            int n = ledger.listContactHistory(ListContactHistoryRequest.newBuilder().setPerson(PersonRef.newBuilder()
                    .setPersonId(person)).setCampaignId(id).build()).getEntriesCount();
            boolean expected = kept.contains(person) && target;
            assertEquals(expected ? 1 : 0, n, person + " (propensity " + propensity.get(person) + ", kept "
                    + kept.contains(person) + ", " + (target ? "target" : "held out") + ")");
            keptTargets += expected ? 1 : 0;
        }
        assertEquals(4, done.getProgress().getAudienceSize(), done.getProgress().toString());
        assertEquals(4 - keptTargets, done.getProgress().getUniversalControlCount());
        assertEquals(keptTargets, done.getProgress().getSentCount());
        assertEquals(keptTargets, decisioning.getCampaignReport(GetCampaignReportRequest.newBuilder()
                .setCampaignId(id).build()).getReport().getTotals().getAudienceCount());
    }

    /** The customers of the world outside the universal control group. */
    private static List<String> targets(CampaignWorld world) {
        return world.persons.stream().filter(p -> CampaignGroup.of("any", p, 0, UNIVERSAL) == CampaignGroup.TARGET)
                .toList();
    }

    @Test
    void theSendWindowIsReadInEachPersonsOwnTimeZoneElseInTheDefaultOne() throws Exception {
        CampaignWorld world = CampaignWorld.of(6, profile, scoring, alerts);
        // customers of the universal control group take no part (a run once drew five of six there)
        while (targets(world).size() < 2) {
            world.join(profile);
        }
        assertEquals(world.persons.size(), java.util.Set.copyOf(world.persons).size(), "distinct customers: "
                + world.persons);
        List<String> targets = targets(world);
        String tokyo = targets.get(0);
        CampaignWorld.timeZone(profile, tokyo, "Asia/Tokyo");
        String offer = CampaignWorld.action(decisioning, "retail");
        var spec = world.spec("retail", offer, 0).setSendWindow(SendWindow.newBuilder().setStartMinuteOfDay(9 * 60)
                .setEndMinuteOfDay(10 * 60).setDefaultTimeZone("Europe/Paris"));

        clock.advance(untilNext(LocalTime.of(9, 30), "Asia/Tokyo"));
        String id = decisioning.launchCampaign(CampaignWorld.launch(spec)).getCampaignId();
        Campaign half = Await.until(Duration.ofSeconds(60), () -> get(id), c -> c.getProgress().getSentCount() == 1
                && c.getProgress().getWaitingReason().contains("outside the send window"),
                "campaign " + id + " sends to the Tokyo customer only and says why the others wait");
        assertEquals(CampaignStatus.CAMPAIGN_STATUS_RUNNING, half.getStatus());
        assertEquals(targets.size() - 1, half.getProgress().getPendingCount(), half.getProgress().toString());
        var ledger = ContactGovernanceServiceGrpc.newBlockingStub(governance);
        for (String person : world.persons) {
            assertEquals(person.equals(tokyo) ? 1 : 0, contacts(ledger, person, id), person
                    + ": 09:30 in Tokyo is 01:30 or 02:30 in Paris, outside the window there");
        }

        clock.advance(untilNext(LocalTime.of(9, 30), "Europe/Paris"));
        Campaign done = awaitEnd(id);
        assertEquals(CampaignStatus.CAMPAIGN_STATUS_COMPLETED, done.getStatus(), done.toString());
        for (String person : world.persons) {
            assertEquals(targets.contains(person) ? 1 : 0, contacts(ledger, person, id), person);
        }
        assertEquals(targets.size(), done.getProgress().getSentCount());
        assertEquals("", done.getProgress().getWaitingReason());
    }

    @Test
    void anAudienceExpressionIsCheckedAtLaunchAndKeepsThePersonsOfThePopulationItMatches() throws Exception {
        CampaignWorld world = CampaignWorld.of(5, profile, scoring, alerts);
        CampaignWorld.population(scoring);
        String city = unique("Town").replace("-", "");
        List<String> inTown = world.persons.subList(0, 2);
        inTown.forEach(p -> CampaignWorld.city(profile, p, city));
        String offer = CampaignWorld.action(decisioning, "retail");
        String expression = "profile.attributes.city == \"" + city + "\" && scores[\"" + world.score
                + "\"] >= 5.0 && now > timestamp(\"2020-01-01T00:00:00Z\")";

        var broken = world.spec("retail", offer, 0).setAudience(CampaignAudience.newBuilder()
                .setExpression("profile.attributes.city == 3 ||"));
        StatusRuntimeException bad = assertThrows(StatusRuntimeException.class,
                () -> decisioning.launchCampaign(CampaignWorld.launch(broken)));
        assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
        assertEquals(List.of("spec.audience.expression"), GrpcErrorDetails.fields(bad).stream().distinct().toList());
        StatusRuntimeException noContext = assertThrows(StatusRuntimeException.class, () -> decisioning
                .launchCampaign(CampaignWorld.launch(world.spec("retail", offer, 0).setAudience(CampaignAudience
                        .newBuilder().setExpression("context.channel == \"CHANNEL_EMAIL\"")))));
        assertEquals(List.of("spec.audience.expression"), GrpcErrorDetails.fields(noContext));

        var spec = world.spec("retail", offer, 0).setAudience(CampaignAudience.newBuilder().setExpression(expression));
        DryRunCampaignResponse dry = decisioning.dryRunCampaign(DryRunCampaignRequest.newBuilder().setSpec(spec)
                .build());
        assertEquals(2, dry.getAudienceSize(), dry.toString());
        String id = decisioning.launchCampaign(CampaignWorld.launch(spec)).getCampaignId();
        Campaign done = awaitEnd(id);
        assertEquals(CampaignStatus.CAMPAIGN_STATUS_COMPLETED, done.getStatus(), done.toString());
        assertEquals(expression, done.getSpec().getAudience().getExpression());
        assertEquals(2, done.getProgress().getAudienceSize(), done.getProgress().toString());
        var ledger = ContactGovernanceServiceGrpc.newBlockingStub(governance);
        for (String person : world.persons) {
            boolean expected = inTown.contains(person) && CampaignGroup.of(id, person, 0, UNIVERSAL)
                    == CampaignGroup.TARGET;
            assertEquals(expected ? 1 : 0, contacts(ledger, person, id), person + " in town " + inTown.contains(person));
        }
    }

    @Test
    void aTriggeredCampaignContactsThePersonsAsTheyEnterOnceEvenAcrossAPauseAndAFollowerRestart()
            throws Exception {
        CampaignWorld world = CampaignWorld.of(2, profile, scoring, alerts);
        List<String> before = List.copyOf(world.persons);
        String offer = CampaignWorld.action(decisioning, "retail");
        var spec = world.spec("retail", offer, 0);
        spec.getScheduleBuilder().setMode(CampaignMode.CAMPAIGN_MODE_TRIGGERED)
                .setEndAt(Timestamps.of(clock.instant().plus(Duration.ofDays(1))));
        String id = decisioning.launchCampaign(CampaignWorld.launch(spec)).getCampaignId();
        Await.until(Duration.ofSeconds(30), () -> get(id), c -> c.getStatus() == CampaignStatus.CAMPAIGN_STATUS_RUNNING,
                "campaign " + id + " running");

        List<String> entered = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            entered.add(world.join(profile));
        }
        long targets = entered.stream().filter(p -> CampaignGroup.of(id, p, 0, UNIVERSAL) == CampaignGroup.TARGET)
                .count();
        Await.until(Duration.ofSeconds(60), () -> get(id), c -> c.getProgress().getSentCount() == targets
                && c.getProgress().getAudienceSize() == entered.size(), "the " + entered.size() + " entrants staged and "
                + targets + " contacted");

        decisioning.pauseCampaign(PauseCampaignRequest.newBuilder().setCampaignId(id).setReason(Reason.newBuilder()
                .setCode("CALL_CENTRE_OVERLOADED")).setPausedBy("marketer-1").setIdempotencyKey(unique("p-")).build());
        String whilePaused = joinAsTarget(world, id);
        Campaign paused = Await.until(Duration.ofSeconds(60), () -> get(id),
                c -> c.getProgress().getPendingCount() == 1, "the entrant during the pause waits");
        assertEquals(targets, paused.getProgress().getSentCount(), "nobody is contacted while paused");
        decisioning.resumeCampaign(ResumeCampaignRequest.newBuilder().setCampaignId(id).setResumedBy("marketer-1")
                .setIdempotencyKey(unique("r-")).build());
        Await.until(Duration.ofSeconds(60), () -> get(id), c -> c.getProgress().getSentCount() == targets + 1,
                "the entrant during the pause contacted after the resume");

        entries.close(); // decisioning stops following, as when it is down
        String whileDown = joinAsTarget(world, id);
        entries.open(); // and resumes from the stored offset
        Campaign after = Await.until(Duration.ofSeconds(60), () -> get(id),
                c -> c.getProgress().getSentCount() == targets + 2, "the entrant while the follower was down contacted");
        assertEquals(CampaignStatus.CAMPAIGN_STATUS_RUNNING, after.getStatus(), "a TRIGGERED campaign runs to end_at");

        var ledger = ContactGovernanceServiceGrpc.newBlockingStub(governance);
        for (String person : world.persons) {
            boolean expected = !before.contains(person) && CampaignGroup.of(id, person, 0, UNIVERSAL)
                    == CampaignGroup.TARGET;
            assertEquals(expected ? 1 : 0, contacts(ledger, person, id), person + (before.contains(person)
                    ? " was a member before the start" : " entered after it") + (person.equals(whilePaused)
                            ? ", during the pause" : person.equals(whileDown) ? ", while the follower was down" : ""));
        }
        clock.advance(Duration.ofDays(1));
        Campaign ended = awaitEnd(id);
        assertEquals(CampaignStatus.CAMPAIGN_STATUS_COMPLETED, ended.getStatus(), "completed at end_at");
    }

    /** A new customer entering the segment who is a target of the campaign (not in the universal control). */
    private String joinAsTarget(CampaignWorld world, String campaignId) {
        while (true) {
            String person = world.join(profile);
            if (CampaignGroup.of(campaignId, person, 0, UNIVERSAL) == CampaignGroup.TARGET) {
                return person;
            }
        }
    }

    private Duration untilNext(LocalTime local, String zone) {
        ZonedDateTime now = clock.instant().atZone(ZoneId.of(zone));
        ZonedDateTime next = now.with(local);
        if (!next.isAfter(now)) {
            next = next.plusDays(1);
        }
        return Duration.between(clock.instant(), next.toInstant());
    }

    private static int contacts(ContactGovernanceServiceGrpc.ContactGovernanceServiceBlockingStub ledger,
            String person, String campaignId) {
        return ledger.listContactHistory(ListContactHistoryRequest.newBuilder().setPerson(PersonRef.newBuilder()
                .setPersonId(person)).setCampaignId(campaignId).build()).getEntriesCount();
    }
}
