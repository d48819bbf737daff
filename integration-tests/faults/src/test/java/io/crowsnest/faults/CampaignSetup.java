package io.crowsnest.faults;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Timestamp;

import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc;
import io.crowsnest.alertnotification.v1.TeamMember;
import io.crowsnest.alertnotification.v1.TeamRole;
import io.crowsnest.alertnotification.v1.UpsertTeamRequest;
import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.Money;
import io.crowsnest.common.v1.RollingWindow;
import io.crowsnest.common.v1.WindowUnit;
import io.crowsnest.contactgovernance.v1.ActivatePolicyVersionRequest;
import io.crowsnest.contactgovernance.v1.CapScope;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc;
import io.crowsnest.contactgovernance.v1.Division;
import io.crowsnest.contactgovernance.v1.FrequencyCap;
import io.crowsnest.contactgovernance.v1.Policy;
import io.crowsnest.contactgovernance.v1.UpsertPolicyRequest;
import io.crowsnest.decisioning.v1.ActionKind;
import io.crowsnest.decisioning.v1.ActionSpec;
import io.crowsnest.decisioning.v1.CampaignAudience;
import io.crowsnest.decisioning.v1.CampaignControlGroup;
import io.crowsnest.decisioning.v1.CampaignMode;
import io.crowsnest.decisioning.v1.CampaignSchedule;
import io.crowsnest.decisioning.v1.CampaignSpec;
import io.crowsnest.decisioning.v1.CreateActionRequest;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc.DecisioningServiceBlockingStub;
import io.crowsnest.decisioning.v1.LaunchCampaignRequest;
import io.crowsnest.decisioning.v1.MessageTemplate;
import io.crowsnest.decisioning.v1.SendWindow;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.ProfileServiceGrpc;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.crowsnest.profile.v1.RecordEventResult;
import io.crowsnest.profile.v1.RecordEventsRequest;
import io.crowsnest.scoring.v1.ActivateScoringPlanVersionRequest;
import io.crowsnest.scoring.v1.EventCondition;
import io.crowsnest.scoring.v1.GetSegmentRequest;
import io.crowsnest.scoring.v1.ObserveEventRequest;
import io.crowsnest.scoring.v1.ObserveEventsRequest;
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
 * What two divisions' campaigns at one audience need, prepared through the real services: a policy
 * with divisions retail (priority 1) and cards (priority 2) under a global cap of one contact a week,
 * persons with an email (profile and identity) who are members of one scoring segment, a briefing
 * team, an email offer per division; and the campaign group rule of docs/campaigns.md, to know
 * independently of decisioning who must and who must not be contacted.
 */
final class CampaignSetup {

    static final String SEGMENT = "restart-audience";
    static final String TEAM = "restart-desk";
    static final int CONTROL_PERCENT = 10;
    static final double UNIVERSAL_PERCENT = 5;

    private CampaignSetup() {
    }

    static void policy(ManagedChannel governanceChannel) {
        var governance = ContactGovernanceServiceGrpc.newBlockingStub(governanceChannel);
        Policy policy = Policy.newBuilder().setPolicyId("campaign-restart").setDisplayName("Campaign restart")
                .setDefaultTimeZone("UTC")
                .addDivisions(Division.newBuilder().setDivisionId("retail").setDisplayName("Retail").setPriority(1))
                .addDivisions(Division.newBuilder().setDivisionId("cards").setDisplayName("Cards").setPriority(2))
                .addFrequencyCaps(FrequencyCap.newBuilder().setRuleId("weekly").setScope(CapScope.CAP_SCOPE_GLOBAL)
                        .setMaxContacts(1).setWindow(RollingWindow.newBuilder().setLength(1)
                                .setUnit(WindowUnit.WINDOW_UNIT_WEEKS)))
                .build();
        long version = governance.upsertPolicy(UpsertPolicyRequest.newBuilder().setPolicy(policy).setActor("faults")
                .setIdempotencyKey(key()).build()).getPolicyVersion().getVersion();
        governance.activatePolicyVersion(ActivatePolicyVersionRequest.newBuilder().setPolicyId("campaign-restart")
                .setVersion(version).setActor("faults").setIdempotencyKey(key()).build());
    }

    static void team(ManagedChannel alerts) {
        AlertNotificationServiceGrpc.newBlockingStub(alerts).upsertTeam(UpsertTeamRequest.newBuilder().setTeamId(TEAM)
                .setDisplayName("Campaign desk").addMembers(TeamMember.newBuilder().setAgentId("agent-restart")
                        .setRole(TeamRole.TEAM_ROLE_AGENT)).build());
    }

    /** n persons in the segment (waits until scoring counts them all): person id by email address. */
    static Map<String, String> audience(ManagedChannel profileChannel, ManagedChannel scoringChannel, int n) {
        var scoring = ScoringServiceGrpc.newBlockingStub(scoringChannel).withDeadlineAfter(2, TimeUnit.MINUTES);
        scoring.upsertScoringPlan(UpsertScoringPlanRequest.newBuilder().setPlan(ScoringPlan.newBuilder()
                .setPlanId("restart-plan").setDisplayName("Campaign restart").addScores(ScoreDefinition.newBuilder()
                        .setName("restart_interest").setMinValue(0).setMaxValue(100))
                .addRules(ScoringRule.newBuilder().setRuleId("r1").setDescription("interest")
                        .setCondition(EventCondition.newBuilder().addEventTypes("restart_interest"))
                        .addPoints(ScorePoints.newBuilder().setScoreName("restart_interest").setPoints(10))))
                .setActor("faults").setChangeNote("test").setIdempotencyKey(key()).build());
        scoring.activateScoringPlanVersion(ActivateScoringPlanVersionRequest.newBuilder().setPlanId("restart-plan")
                .setVersion(1).setActor("faults").setIdempotencyKey(key()).build());
        scoring.upsertSegmentationSystem(UpsertSegmentationSystemRequest.newBuilder().setSystem(SegmentationSystem
                .newBuilder().setSystemId("restart").setDisplayName("Campaigns")).setActor("faults")
                .setIdempotencyKey(key()).build());
        scoring.upsertSegment(UpsertSegmentRequest.newBuilder().setSegment(Segment.newBuilder().setSegmentId(SEGMENT)
                .setSystemId("restart").setDisplayName("Interested").setPriority(1)
                .setExpression("scores.restart_interest >= 5.0")).setActor("faults").setIdempotencyKey(key()).build());
        Await.until(Duration.ofSeconds(30), () -> ScoringServiceGrpc.newBlockingStub(scoringChannel).getSegment(
                GetSegmentRequest.newBuilder().setSegmentId(SEGMENT).build()).getSize().getEvaluationState()
                == SegmentEvaluationState.SEGMENT_EVALUATION_STATE_LIVE, "segment " + SEGMENT + " LIVE");
        var profile = ProfileServiceGrpc.newBlockingStub(profileChannel);
        Map<String, String> byEmail = new LinkedHashMap<>();
        Timestamp seen = Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond() - 60).build();
        for (int from = 0; from < n; from += 100) {
            RecordEventsRequest.Builder events = RecordEventsRequest.newBuilder();
            for (int i = from; i < Math.min(n, from + 100); i++) {
                events.addEvents(RecordEventRequest.newBuilder().setEventId("restart:" + key())
                        .addIdentifiers(Identifier.newBuilder().setType("email").setValue("restart-" + i
                                + "@example.com")).setType(EventType.EVENT_TYPE_PAGE_VIEW)
                        .setChannel(Channel.CHANNEL_WEB).setSource("faults").setOccurredAt(seen));
            }
            ObserveEventsRequest.Builder observe = ObserveEventsRequest.newBuilder();
            int i = from;
            for (RecordEventResult r : profile.withDeadlineAfter(1, TimeUnit.MINUTES).recordEvents(events.build())
                    .getResultsList()) {
                String person = r.getRecorded().getPersonId();
                byEmail.put("restart-" + i++ + "@example.com", person);
                observe.addEvents(ObserveEventRequest.newBuilder().setEventId("obs:" + key()).setPersonId(person)
                        .setEventType("restart_interest").setChannel(Channel.CHANNEL_WEB)
                        .setOccurredAt(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond()))
                        .setSource("faults"));
            }
            scoring.observeEvents(observe.build());
        }
        long[] counted = {0};
        Await.until(Duration.ofSeconds(60), () -> (counted[0] = ScoringServiceGrpc.newBlockingStub(scoringChannel)
                .getSegment(GetSegmentRequest.newBuilder().setSegmentId(SEGMENT).build()).getSize()
                .getMemberCount()) == n, () -> "the segment to count all " + n + " persons (it has " + counted[0] + ")");
        return byEmail;
    }

    static void offer(DecisioningServiceBlockingStub decisioning, String division) {
        decisioning.createAction(CreateActionRequest.newBuilder().setActionId(division + "-restart-offer")
                .setSpec(ActionSpec.newBuilder().setKind(ActionKind.ACTION_KIND_OFFER).setName("Offer of " + division)
                        .addChannels(Channel.CHANNEL_EMAIL).setDivision(DivisionRef.newBuilder().setId(division))
                        .setContactCategory(ContactCategory.CONTACT_CATEGORY_MARKETING)
                        .addTemplates(MessageTemplate.newBuilder().setChannel(Channel.CHANNEL_EMAIL)
                                .setSubject("A " + division + " offer").setBody("Our " + division + " offer.")))
                .setCreatedBy("faults").setIdempotencyKey(key()).build());
    }

    /** Launches the division's email campaign at the segment, starting at {@code start}; its id. */
    static String launch(DecisioningServiceBlockingStub decisioning, String division, Instant start) {
        return decisioning.launchCampaign(LaunchCampaignRequest.newBuilder().setSpec(CampaignSpec.newBuilder()
                .setName("Restart " + division).setDivision(DivisionRef.newBuilder().setId(division))
                .setAudience(CampaignAudience.newBuilder().setSegmentId(SEGMENT))
                .addActionIds(division + "-restart-offer").addChannels(Channel.CHANNEL_EMAIL)
                .setSchedule(CampaignSchedule.newBuilder().setMode(CampaignMode.CAMPAIGN_MODE_ONE_OFF)
                        .setStartAt(Timestamp.newBuilder().setSeconds(start.getEpochSecond())))
                .setSendWindow(SendWindow.newBuilder().setStartMinuteOfDay(0).setEndMinuteOfDay(1440)
                        .setDefaultTimeZone("UTC"))
                .addBriefingTeamIds(TEAM).setBriefing("The " + division + " offer goes out by email.")
                .setControlGroup(CampaignControlGroup.newBuilder().setSharePercent(CONTROL_PERCENT))
                .setExpectedValue(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(1000)))
                .setLaunchedBy("faults").setIdempotencyKey(key()).build()).getCampaignId();
    }

    /** True when the person is a target of the campaign (not universal control, not its control share). */
    static boolean target(String campaignId, String personId) {
        return unit("universal:" + personId) >= UNIVERSAL_PERCENT / 100.0
                && unit(campaignId + ":" + personId) >= CONTROL_PERCENT / 100.0;
    }

    /** docs/campaigns.md's group hash: the first 8 bytes of SHA-256 of the text as a number in [0, 1). */
    private static double unit(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return (ByteBuffer.wrap(d, 0, 8).getLong() >>> 11) * 0x1.0p-53;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }
}
