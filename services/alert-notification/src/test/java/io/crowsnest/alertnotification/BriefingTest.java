package io.crowsnest.alertnotification;

import static io.crowsnest.alertnotification.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.crowsnest.alertnotification.v1.AcknowledgeAlertRequest;
import io.crowsnest.alertnotification.v1.AcknowledgeAlertResponse;
import io.crowsnest.alertnotification.v1.Alert;
import io.crowsnest.alertnotification.v1.AlertKind;
import io.crowsnest.alertnotification.v1.AlertRecipient;
import io.crowsnest.alertnotification.v1.AlertSeverity;
import io.crowsnest.alertnotification.v1.AlertState;
import io.crowsnest.alertnotification.v1.BriefingQuestion;
import io.crowsnest.alertnotification.v1.CampaignBriefing;
import io.crowsnest.alertnotification.v1.GetBriefingAcknowledgementsRequest;
import io.crowsnest.alertnotification.v1.GetBriefingAcknowledgementsResponse;
import io.crowsnest.alertnotification.v1.ListInboxRequest;
import io.crowsnest.alertnotification.v1.PublishAlertRequest;
import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.localstack.testing.GrpcErrorDetails;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.localstack.testing.RedisTestResource;
import io.crowsnest.platform.grpc.Timestamps;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Campaign briefings: the alert document, rendered, reaching every member and counting acknowledgements. */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(Neighbours.class)
@QuarkusTestResource(ProviderServer.class)
class BriefingTest extends ServiceTest {


    static CampaignBriefing.Builder document() {
        Instant start = Instant.parse("2030-03-01T08:00:00Z");
        return CampaignBriefing.newBuilder().setCampaignName("Spring travel insurance").setAudienceSize(12500)
                .setAudienceDescription("card holders who travelled abroad last year")
                .setOffer("3 months of travel insurance free").addChannels(Channel.CHANNEL_EMAIL)
                .addChannels(Channel.CHANNEL_SMS).setStartsAt(Timestamps.of(start))
                .setEndsAt(Timestamps.of(start.plusSeconds(14 * 86400)))
                .addTalkingPoints("Free for 3 months, then 4.90 a month").addTalkingPoints("Cancel any time")
                .addLikelyQuestions(BriefingQuestion.newBuilder().setQuestion("Why did I get this?")
                        .setAnswer("You travelled abroad with your card last year."))
                .setHowToRespond("Sign them up in the CRM; never promise a refund of past trips.");
    }

    static PublishAlertRequest.Builder briefing(String teamId) {
        return PublishAlertRequest.newBuilder().setRecipient(AlertRecipient.newBuilder().setTeamId(teamId))
                .setKind(AlertKind.ALERT_KIND_CAMPAIGN_BRIEFING).setSeverity(AlertSeverity.ALERT_SEVERITY_INFO)
                .setTitle("Campaign starting: spring travel insurance").setCampaignId("spring-travel")
                .setReason(Reason.newBuilder().setCode("CAMPAIGN_LAUNCHED").setMessage("launched by cards"))
                .setBriefing(document()).setSource("decisioning").setIdempotencyKey(unique("k"));
    }

    @Test
    void aBriefingReachesEveryMemberAndCountsWhoAcknowledgedIt() {
        String supervisor = unique("sue-");
        String ann = unique("ann-");
        String bob = unique("bob-");
        String team = f.team(supervisor, ann, bob);
        Alert published = f.alerts.publishAlert(briefing(team).build()).getAlert();
        assertEquals(team, published.getTeamId());
        assertEquals(document().build(), published.getBriefing());
        assertTrue(published.getBody().contains("Campaign \"Spring travel insurance\" (spring-travel) runs "
                + "2030-03-01 08:00 UTC to 2030-03-15 08:00 UTC on email, SMS."), published.getBody());
        assertTrue(published.getBody().contains("Sent to 12,500 customers"), published.getBody());
        assertTrue(published.getBody().contains("- Cancel any time"), published.getBody());
        assertTrue(published.getBody().contains("Q: Why did I get this?\nA: You travelled abroad"), published.getBody());
        assertTrue(published.getBody().contains("How to respond: Sign them up"), published.getBody());
        for (String agent : List.of(supervisor, ann, bob)) {
            assertEquals(List.of(published.getAlertId()), f.alerts.listInbox(ListInboxRequest.newBuilder()
                    .setAgentId(agent).addTeamIds(team).build()).getAlertsList().stream().map(Alert::getAlertId)
                    .toList(), agent + " sees it");
        }

        Alert byAnn = ack(published, ann, "read it").getAlert();
        assertEquals(AlertState.ALERT_STATE_ACKNOWLEDGED, byAnn.getState());
        assertEquals(ann, byAnn.getAcknowledgedBy());
        Alert byBob = ack(published, bob, "").getAlert();
        assertEquals(ann, byBob.getAcknowledgedBy(), "the first stays the taker");
        assertEquals(List.of(ann, bob), byBob.getBriefingAcknowledgementsList().stream()
                .map(a -> a.getAgentId()).toList());
        assertTrue(ack(published, bob, "").getAlreadyAcknowledged());

        GetBriefingAcknowledgementsResponse status = f.alerts.getBriefingAcknowledgements(
                GetBriefingAcknowledgementsRequest.newBuilder().setAlertId(published.getAlertId()).build());
        assertEquals(2, status.getAcknowledgedCount());
        assertEquals(List.of(supervisor), status.getPendingAgentIdsList());
        assertFalse(status.getAlert().getBody().isEmpty());
    }

    private AcknowledgeAlertResponse ack(Alert alert, String agent, String note) {
        return f.alerts.acknowledgeAlert(AcknowledgeAlertRequest.newBuilder().setAlertId(alert.getAlertId())
                .setAgentId(agent).setNote(note).setIdempotencyKey(unique("k")).build());
    }

    @Test
    void aBriefingWithoutItsDocumentFieldsIsRefusedFieldByField() {
        String team = f.team(unique("sue-"));
        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
                () -> f.alerts.publishAlert(briefing(team).clearBriefing().clearCampaignId().build()));
        assertEquals(List.of("campaign_id", "briefing"), GrpcErrorDetails.fields(missing));

        CampaignBriefing incomplete = document().setCampaignName("").setAudienceSize(0).clearChannels()
                .addChannels(Channel.CHANNEL_UNSPECIFIED).setEndsAt(document().getStartsAt())
                .setTalkingPoints(1, "").setLikelyQuestions(0, BriefingQuestion.newBuilder().setQuestion("q?"))
                .setHowToRespond("").build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> f.alerts.publishAlert(briefing(team).setBriefing(incomplete).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(List.of("briefing.campaign_name", "briefing.audience_size", "briefing.channels[0]",
                "briefing.ends_at", "briefing.talking_points[1]", "briefing.likely_questions[0].answer",
                "briefing.how_to_respond"), GrpcErrorDetails.fields(e));

        StatusRuntimeException notABriefing = assertThrows(StatusRuntimeException.class,
                () -> f.alerts.publishAlert(Fixtures.complaint("x", "p").setBriefing(document()).build()));
        assertTrue(GrpcErrorDetails.fields(notABriefing).contains("briefing"));
        assertEquals(0, f.alerts.listInbox(ListInboxRequest.newBuilder().addTeamIds(team).build()).getAlertsCount());
    }

    @Test
    void onlyBriefingsHaveAcknowledgementCounts() {
        String agent = unique("ann-");
        f.team(agent);
        Alert complaint = f.alerts.publishAlert(Fixtures.complaint(agent, f.person()).build()).getAlert();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> f.alerts
                .getBriefingAcknowledgements(GetBriefingAcknowledgementsRequest.newBuilder()
                        .setAlertId(complaint.getAlertId()).build()));
        assertEquals("NOT_A_BRIEFING", GrpcErrorDetails.reason(e));
    }
}
