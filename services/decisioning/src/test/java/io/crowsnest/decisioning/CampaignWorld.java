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
import io.crowsnest.profile.v1.Attributes;
import io.crowsnest.profile.v1.ProfileServiceGrpc;
import io.crowsnest.profile.v1.UpdateAttributesRequest;
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
    /** Each person's email address, by person id. */
    final java.util.Map<String, String> emails = new java.util.HashMap<>();
    final String team;
    /** The score that puts persons in the segment: 10 points per interest event. */
    final String score;
    private final String type;
    private final ScoringServiceGrpc.ScoringServiceBlockingStub scoring;

    private CampaignWorld(String segment, String team, String score, String type,
            ScoringServiceGrpc.ScoringServiceBlockingStub scoring) {
        this.segment = segment;
        this.team = team;
        this.score = score;
        this.type = type;
        this.scoring = scoring;
    }

    /** A new customer who enters the segment now (their first interest event); returns the person id. */
    String join(ManagedChannel profile) {
        String email = unique("c") + "@example.com";
        String person = Fixtures.customer(profile, email, null, null);
        interest(person);
        persons.add(person);
        emails.put(person, email);
        return person;
    }

    /** The person shows interest again: 10 more points of the score. */
    void interest(String person) {
        scoring.observeEvent(ObserveEventRequest.newBuilder().setEventId(unique("evt-")).setPersonId(person)
                .setEventType(type).setChannel(Channel.CHANNEL_WEB).setOccurredAt(Timestamps.of(Instant.now()))
                .setSource("web-analytics").build());
    }

    /** The population segment (every person scoring holds) an audience expression is evaluated over, LIVE. */
    static void population(ManagedChannel scoringChannel) throws InterruptedException {
        var scoring = ScoringServiceGrpc.newBlockingStub(scoringChannel);
        String system = "everyone";
        try {
            scoring.upsertSegmentationSystem(UpsertSegmentationSystemRequest.newBuilder().setSystem(SegmentationSystem
                    .newBuilder().setSystemId(system).setDisplayName("Everyone")).setActor("test")
                    .setIdempotencyKey("population-system").build());
            scoring.upsertSegment(UpsertSegmentRequest.newBuilder().setSegment(Segment.newBuilder()
                    .setSegmentId("population").setSystemId(system).setDisplayName("Every person")
                    .setExpression("true")).setActor("test").setIdempotencyKey("population-segment").build());
        } catch (io.grpc.StatusRuntimeException e) {
            if (e.getStatus().getCode() != io.grpc.Status.Code.ALREADY_EXISTS
                    && e.getStatus().getCode() != io.grpc.Status.Code.FAILED_PRECONDITION) {
                throw e;
            }
        }
        Await.until(Duration.ofSeconds(30), () -> scoring.getSegment(GetSegmentRequest.newBuilder()
                .setSegmentId("population").build()).getSize().getEvaluationState() == SegmentEvaluationState
                        .SEGMENT_EVALUATION_STATE_LIVE, "segment population LIVE");
    }

    /** Sets the person's city in profile. */
    static void city(ManagedChannel profile, String person, String city) {
        ProfileServiceGrpc.newBlockingStub(profile).updateAttributes(UpdateAttributesRequest.newBuilder()
                .setPerson(io.crowsnest.common.v1.PersonRef.newBuilder().setPersonId(person))
                .setAttributes(Attributes.newBuilder().setCity(city)).addPaths("city")
                .setObservedAt(Timestamps.of(Instant.now())).setSource("crm").setIdempotencyKey(unique("u-")).build());
    }

    /** Sets the person's time zone in profile. */
    static void timeZone(ManagedChannel profile, String person, String zone) {
        ProfileServiceGrpc.newBlockingStub(profile).updateAttributes(UpdateAttributesRequest.newBuilder()
                .setPerson(io.crowsnest.common.v1.PersonRef.newBuilder().setPersonId(person))
                .setAttributes(Attributes.newBuilder().setTimeZone(zone)).addPaths("time_zone")
                .setObservedAt(Timestamps.of(Instant.now())).setSource("crm").setIdempotencyKey(unique("u-")).build());
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
        CampaignWorld world = new CampaignWorld(segment, team, score, type, scoring);
        for (int i = 0; i < n; i++) {
            world.join(profile);
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
                .setExpectedValue(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(1000))
                .addChannelCosts(io.crowsnest.decisioning.v1.ChannelCost.newBuilder().setChannel(Channel.CHANNEL_EMAIL)
                        .setCostPerContact(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(EMAIL_COST_MINOR)));
    }

    /** What one email of the world's campaigns costs, in euro cents. */
    static final long EMAIL_COST_MINOR = 7;

    static LaunchCampaignRequest launch(CampaignSpec.Builder spec) {
        return LaunchCampaignRequest.newBuilder().setSpec(spec).setLaunchedBy("marketer-1")
                .setIdempotencyKey(unique("lc-")).build();
    }
}
