package io.crowsnest.decisioning;

import static io.crowsnest.decisioning.Fixtures.unique;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc;
import io.crowsnest.alertnotification.v1.TeamMember;
import io.crowsnest.alertnotification.v1.TeamRole;
import io.crowsnest.alertnotification.v1.UpsertTeamRequest;
import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.Money;
import io.crowsnest.decisioning.v1.ActionKind;
import io.crowsnest.decisioning.v1.ActionSpec;
import io.crowsnest.decisioning.v1.CampaignControlGroup;
import io.crowsnest.decisioning.v1.CampaignMode;
import io.crowsnest.decisioning.v1.CampaignSpec;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc.DecisioningServiceBlockingStub;
import io.crowsnest.decisioning.v1.LaunchCampaignRequest;
import io.crowsnest.decisioning.v1.MessageTemplate;
import io.crowsnest.decisioning.v1.SendWindow;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.v1.ActivateScoringPlanVersionRequest;
import io.crowsnest.scoring.v1.EventCondition;
import io.crowsnest.scoring.v1.GetSegmentRequest;
import io.crowsnest.scoring.v1.ObserveEventRequest;
import io.crowsnest.scoring.v1.ScoreDefinition;
import io.crowsnest.scoring.v1.ScorePoints;
import io.crowsnest.scoring.v1.ScoringPlan;
import io.crowsnest.scoring.v1.ScoringRule;
import io.crowsnest.scoring.v1.ScoringServiceGrpc;
import io.crowsnest.scoring.v1.Segment;
import io.crowsnest.scoring.v1.SegmentEvaluationState;
import io.crowsnest.scoring.v1.SegmentationSystem;
import io.crowsnest.scoring.v1.UpsertScoringPlanRequest;
import io.crowsnest.scoring.v1.UpsertSegmentRequest;
import io.crowsnest.scoring.v1.UpsertSegmentationSystemRequest;
import io.grpc.ManagedChannel;

/**
 * The world a campaign test needs, prepared through the real neighbours: customers known to
 * identity and profile (with an email address) who are members of a live scoring segment, a
 * briefing team in alert-notification, and a contact action per division.
 */
final class CampaignWorld {

    final String segment;
    final List<String> persons = new ArrayList<>();
    final String team;

    private CampaignWorld(String segment, String team) {
        this.segment = segment;
        this.team = team;
    }

    /** n customers in a fresh live segment, and a fresh briefing team. */
    static CampaignWorld of(int n, ManagedChannel profile, ManagedChannel scoringChannel, ManagedChannel alerts)
            throws InterruptedException {
        var scoring = ScoringServiceGrpc.newBlockingStub(scoringChannel);
        String score = "s" + unique("").replace("-", "");
        String type = "t" + unique("").replace("-", "");
        String plan = unique("plan-");
        scoring.upsertScoringPlan(UpsertScoringPlanRequest.newBuilder().setPlan(ScoringPlan.newBuilder()
                .setPlanId(plan).setDisplayName("Campaign test").addScores(ScoreDefinition.newBuilder().setName(score)
                        .setMinValue(0).setMaxValue(100))
                .addRules(ScoringRule.newBuilder().setRuleId("r1").setDescription("interest")
                        .setCondition(EventCondition.newBuilder().addEventTypes(type))
                        .addPoints(ScorePoints.newBuilder().setScoreName(score).setPoints(10))))
                .setActor("test").setChangeNote("test").setIdempotencyKey(unique("k-")).build());
        scoring.activateScoringPlanVersion(ActivateScoringPlanVersionRequest.newBuilder().setPlanId(plan)
                .setVersion(1).setActor("test").setIdempotencyKey(unique("k-")).build());
        String system = unique("sys-");
        scoring.upsertSegmentationSystem(UpsertSegmentationSystemRequest.newBuilder().setSystem(SegmentationSystem
                .newBuilder().setSystemId(system).setDisplayName("Campaigns")).setActor("test")
                .setIdempotencyKey(unique("k-")).build());
        String segment = unique("seg-");
        scoring.upsertSegment(UpsertSegmentRequest.newBuilder().setSegment(Segment.newBuilder().setSegmentId(segment)
                .setSystemId(system).setDisplayName("Interested").setPriority(1).setExpression("scores." + score
                        + " >= 5.0")).setActor("test").setIdempotencyKey(unique("k-")).build());
        Await.until(Duration.ofSeconds(30), () -> scoring.getSegment(GetSegmentRequest.newBuilder()
                .setSegmentId(segment).build()).getSize().getEvaluationState() == SegmentEvaluationState
                        .SEGMENT_EVALUATION_STATE_LIVE, "segment " + segment + " LIVE");
        String team = unique("branch-");
        AlertNotificationServiceGrpc.newBlockingStub(alerts).upsertTeam(UpsertTeamRequest.newBuilder().setTeamId(team)
                .setDisplayName("Call centre").addMembers(TeamMember.newBuilder().setAgentId(unique("agent-"))
                        .setRole(TeamRole.TEAM_ROLE_AGENT)).build());
        CampaignWorld world = new CampaignWorld(segment, team);
        for (int i = 0; i < n; i++) {
            String person = Fixtures.customer(profile, unique("c") + "@example.com", null, null);
            scoring.observeEvent(ObserveEventRequest.newBuilder().setEventId(unique("evt-")).setPersonId(person)
                    .setEventType(type).setChannel(Channel.CHANNEL_WEB).setOccurredAt(Timestamps.of(Instant.now()))
                    .setSource("web-analytics").build());
            world.persons.add(person);
        }
        return world;
    }

    /** An email offer of a division. */
    static String action(DecisioningServiceBlockingStub decisioning, String division) {
        String id = unique(division + "-offer-");
        decisioning.createAction(Fixtures.create(id, ActionSpec.newBuilder().setKind(ActionKind.ACTION_KIND_OFFER)
                .setName("Offer of " + division).addChannels(Channel.CHANNEL_EMAIL).addChannels(Channel.CHANNEL_PHONE)
                .setDivision(DivisionRef.newBuilder().setId(division))
                .setContactCategory(ContactCategory.CONTACT_CATEGORY_MARKETING)
                .addTemplates(MessageTemplate.newBuilder().setChannel(Channel.CHANNEL_EMAIL)
                        .setSubject("A " + division + " offer").setBody("Dear customer, our " + division + " offer."))));
        return id;
    }

    /** A one-off email campaign of the division to the segment, briefing the team, with a control share. */
    CampaignSpec.Builder spec(String division, String actionId, int controlPercent) {
        return CampaignSpec.newBuilder().setName("Autumn " + division).setDescription("The " + division + " offer")
                .setDivision(DivisionRef.newBuilder().setId(division))
                .setAudience(io.crowsnest.decisioning.v1.CampaignAudience.newBuilder().setSegmentId(segment))
                .addActionIds(actionId).addChannels(Channel.CHANNEL_EMAIL)
                .setSchedule(io.crowsnest.decisioning.v1.CampaignSchedule.newBuilder()
                        .setMode(CampaignMode.CAMPAIGN_MODE_ONE_OFF))
                .setSendWindow(SendWindow.newBuilder().setStartMinuteOfDay(0).setEndMinuteOfDay(1440)
                        .setDefaultTimeZone("UTC"))
                .addBriefingTeamIds(team).setBriefing("Customers may call about the " + division + " offer.")
                .setControlGroup(CampaignControlGroup.newBuilder().setSharePercent(controlPercent))
                .setExpectedValue(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(1000));
    }

    static LaunchCampaignRequest launch(CampaignSpec.Builder spec) {
        return LaunchCampaignRequest.newBuilder().setSpec(spec).setLaunchedBy("marketer-1")
                .setIdempotencyKey(unique("lc-")).build();
    }
}
