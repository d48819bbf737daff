package io.crowsnest.decisioning.client;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.v1.AlertKind;
import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc;
import io.crowsnest.alertnotification.v1.AlertRecipient;
import io.crowsnest.alertnotification.v1.AlertSeverity;
import io.crowsnest.alertnotification.v1.CampaignBriefing;
import io.crowsnest.alertnotification.v1.DeliverMessageRequest;
import io.crowsnest.alertnotification.v1.DeliveryStatus;
import io.crowsnest.alertnotification.v1.GetDeliveryStatusRequest;
import io.crowsnest.alertnotification.v1.PublishAlertRequest;
import io.crowsnest.alertnotification.v1.RenderedMessage;
import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignDefinition;
import io.crowsnest.decisioning.domain.CampaignMember;
import io.crowsnest.decisioning.domain.PersonRef;
import io.crowsnest.decisioning.domain.RenderedContent;
import io.crowsnest.platform.grpc.Timestamps;
import io.quarkus.grpc.GrpcClient;

/**
 * Calls to alert-notification for campaigns (briefings, call lists, messages), each idempotent under
 * its key, texts clipped to the contract's lengths; a refusal or an outage is a {@link PeerFailure}.
 */
@ApplicationScoped
public class AlertClient {

    @GrpcClient("alert-notification")
    io.grpc.Channel channel;
    @Inject
    DecisioningConfig config;

    /** How a message handed over under a reservation ended. */
    public enum Delivery {
        SENT, FAILED, PENDING
    }

    /**
     * Briefs a team before the campaign starts contacting: what it offers, to how many, on which
     * channels, from when to when.
     */
    public void briefing(Campaign c, String teamId, long audience, Instant startsAt, Instant endsAt) {
        CampaignDefinition d = c.definition();
        CampaignBriefing.Builder b = CampaignBriefing.newBuilder().setCampaignName(clip(d.name(), 200))
                .setAudienceSize(Math.max(1, audience))
                .setAudienceDescription(clip(d.expression().isEmpty() ? "members of segment '" + d.segmentId() + "'"
                        : "persons matching `" + d.expression() + "`", 500))
                .setOffer(clip(d.description().isBlank() ? d.name() : d.description(), 1000))
                .setStartsAt(Timestamps.of(startsAt)).setEndsAt(Timestamps.of(endsAt))
                .addTalkingPoints(clip(d.briefing(), 500)).setHowToRespond(clip(d.briefing(), 2000));
        d.channels().forEach(ch -> b.addChannels(Channel.valueOf("CHANNEL_" + ch)));
        PublishAlertRequest request = PublishAlertRequest.newBuilder()
                .setRecipient(AlertRecipient.newBuilder().setTeamId(teamId))
                .setKind(AlertKind.ALERT_KIND_CAMPAIGN_BRIEFING).setSeverity(AlertSeverity.ALERT_SEVERITY_INFO)
                .setTitle(clip("Campaign starting: " + d.name(), 120)).setBody(clip(d.briefing(), 4000))
                .setReason(PeerMapping.reason("CAMPAIGN_STARTING", "campaign " + c.id() + " of division "
                        + d.division() + " starts contacting " + audience + " persons"))
                .setDivision(DivisionRef.newBuilder().setId(d.division())).setCampaignId(c.id())
                .setSource("decisioning").setIdempotencyKey("cmp:" + c.id() + ":briefing:" + teamId)
                .setBriefing(b).build();
        PeerFailure.call(() -> stub().publishAlert(request));
    }

    /** Puts a member on the call list: an alert in the call-list team's queue. */
    public void callList(Campaign c, CampaignMember m, String body, String key) {
        PublishAlertRequest alert = PublishAlertRequest.newBuilder()
                .setRecipient(AlertRecipient.newBuilder().setTeamId(c.definition().callListTeamId()))
                .setPerson(PeerMapping.person(PersonRef.id(m.personId()))).setKind(AlertKind.ALERT_KIND_OTHER)
                .setSeverity(AlertSeverity.ALERT_SEVERITY_WARNING)
                .setTitle(clip("Campaign call: " + c.definition().name(), 120)).setBody(clip(body, 4000))
                .setReason(PeerMapping.reason("CAMPAIGN_CALL_LIST", "on the call list of campaign " + c.id()
                        + " (action " + m.actionId() + ", reservation " + m.reservationId() + ")"))
                .setDivision(DivisionRef.newBuilder().setId(c.definition().division())).setCampaignId(c.id())
                .setSource("decisioning").setIdempotencyKey(key).build();
        PeerFailure.call(() -> stub().publishAlert(alert));
    }

    /** Hands a member's message over under its reservation (alert-notification commits or releases it). */
    public Delivery deliver(Campaign c, CampaignMember m, RenderedContent content, String key) {
        DeliverMessageRequest request = DeliverMessageRequest.newBuilder().setReservationId(m.reservationId())
                .setPerson(PeerMapping.person(PersonRef.id(m.personId())))
                .setChannel(Channel.valueOf("CHANNEL_" + m.channel()))
                .setRendered(RenderedMessage.newBuilder().setSubject(content.subject()).setBody(content.body())
                        .setContentType(content.contentType()).setLanguage(content.language()))
                .setCampaignId(c.id()).setDecisionId(m.decisionId()).setActionId(m.actionId())
                .setIdempotencyKey(key).build();
        DeliveryStatus status = PeerFailure.call(() -> stub().deliverMessage(request)).getStatus();
        return status == DeliveryStatus.DELIVERY_STATUS_PENDING ? Delivery.PENDING
                : status == DeliveryStatus.DELIVERY_STATUS_FAILED ? Delivery.FAILED : Delivery.SENT;
    }

    /**
     * What the provider reported about the message handed over under the reservation (delivered,
     * opened, clicked: null when not, or not yet); empty when alert-notification has no such delivery.
     */
    public java.util.Optional<DeliveryState> deliveryState(String reservationId) {
        try {
            var d = PeerFailure.call(() -> stub().getDeliveryStatus(GetDeliveryStatusRequest.newBuilder()
                    .setReservationId(reservationId).build())).getDelivery();
            return java.util.Optional.of(new DeliveryState(d.hasDeliveredAt() ? Timestamps.instant(d.getDeliveredAt())
                    : null, d.hasOpenedAt() ? Timestamps.instant(d.getOpenedAt()) : null,
                    d.hasClickedAt() ? Timestamps.instant(d.getClickedAt()) : null));
        } catch (PeerFailure e) {
            if (e.notFound()) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    /** The provider's reports on one message; null when not (yet) reported. */
    public record DeliveryState(Instant deliveredAt, Instant openedAt, Instant clickedAt) {
    }

    /** A text within the contract's length ("-" when empty). */
    static String clip(String s, int max) {
        String t = s == null || s.isBlank() ? "-" : s;
        return t.length() <= max ? t : t.substring(0, max - 1) + "…";
    }

    private AlertNotificationServiceGrpc.AlertNotificationServiceBlockingStub stub() {
        return AlertNotificationServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(config.campaigns().alertDeadline().toMillis(), TimeUnit.MILLISECONDS);
    }
}
