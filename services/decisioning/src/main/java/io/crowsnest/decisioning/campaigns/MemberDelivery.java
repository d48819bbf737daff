package io.crowsnest.decisioning.campaigns;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.v1.AlertKind;
import io.crowsnest.alertnotification.v1.AlertRecipient;
import io.crowsnest.alertnotification.v1.AlertSeverity;
import io.crowsnest.alertnotification.v1.DeliverMessageRequest;
import io.crowsnest.alertnotification.v1.DeliverMessageResponse;
import io.crowsnest.alertnotification.v1.DeliveryStatus;
import io.crowsnest.alertnotification.v1.PublishAlertRequest;
import io.crowsnest.alertnotification.v1.RenderedMessage;
import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.contactgovernance.v1.CommitReservationRequest;
import io.crowsnest.contactgovernance.v1.ReleaseReservationRequest;
import io.crowsnest.decisioning.client.AlertClient;
import io.crowsnest.decisioning.client.GovernanceClient;
import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignMember;
import io.crowsnest.decisioning.domain.RenderedContent;
import io.crowsnest.decisioning.store.CampaignMemberStore;
import io.crowsnest.platform.grpc.Timestamps;
import io.grpc.StatusRuntimeException;

/**
 * Hands a reserved member's contact to alert-notification: a message under the reservation
 * (alert-notification commits or releases it), or for a call an alert in the call-list team's queue
 * followed by the commit. Every call's idempotency key derives from the campaign, the person and
 * the reservation, so a retry after a crash or an outage never contacts anyone twice.
 */
@ApplicationScoped
public class MemberDelivery {

    @Inject
    AlertClient alerts;
    @Inject
    GovernanceClient governance;
    @Inject
    CampaignMemberStore members;
    @Inject
    Clock clock;

    public void deliver(Campaign c, CampaignMember m) {
        String key = "cmp:" + c.id() + ":" + m.personId() + ":" + m.reservationId();
        if ("PHONE".equals(m.channel())) {
            call(c, m, key);
            return;
        }
        RenderedContent content = m.content();
        if (content == null) {
            release(m, key, "NO_CONTENT", "the action has no message for " + m.channel());
            members.delivered(m, false, clock.instant());
            return;
        }
        DeliverMessageRequest request = DeliverMessageRequest.newBuilder().setReservationId(m.reservationId())
                .setPerson(PersonRef.newBuilder().setPersonId(m.personId()))
                .setChannel(Channel.valueOf("CHANNEL_" + m.channel()))
                .setRendered(RenderedMessage.newBuilder().setSubject(content.subject()).setBody(content.body())
                        .setContentType(content.contentType()).setLanguage(content.language()))
                .setCampaignId(c.id()).setDecisionId(m.decisionId()).setActionId(m.actionId())
                .setIdempotencyKey(key + ":deliver").build();
        DeliverMessageResponse r;
        try {
            r = PeerDown.call("alert-notification", () -> alerts.deliver(request));
        } catch (StatusRuntimeException e) {
            afterRefusal(m, e);
            return;
        }
        if (r.getStatus() == DeliveryStatus.DELIVERY_STATUS_PENDING) {
            throw new PeerDown("alert-notification is still handing over the message of " + m.personId());
        }
        members.delivered(m, r.getStatus() != DeliveryStatus.DELIVERY_STATUS_FAILED, clock.instant());
    }

    private void call(Campaign c, CampaignMember m, String key) {
        Instant now = clock.instant();
        String body = m.content() == null ? "Call about campaign '" + c.definition().name() + "', action "
                + m.actionId() : m.content().body();
        PublishAlertRequest alert = PublishAlertRequest.newBuilder()
                .setRecipient(AlertRecipient.newBuilder().setTeamId(c.definition().callListTeamId()))
                .setPerson(PersonRef.newBuilder().setPersonId(m.personId())).setKind(AlertKind.ALERT_KIND_OTHER)
                .setSeverity(AlertSeverity.ALERT_SEVERITY_WARNING)
                .setTitle(CampaignStarter.clip("Campaign call: " + c.definition().name(), 120))
                .setBody(CampaignStarter.clip(body, 4000))
                .setReason(Reason.newBuilder().setCode("CAMPAIGN_CALL_LIST").setMessage("on the call list of campaign "
                        + c.id() + " (action " + m.actionId() + ", reservation " + m.reservationId() + ")"))
                .setDivision(DivisionRef.newBuilder().setId(c.definition().division())).setCampaignId(c.id())
                .setSource("decisioning").setIdempotencyKey(key + ":call").build();
        try {
            PeerDown.call("alert-notification", () -> alerts.publish(alert));
            PeerDown.call("contact-governance", () -> governance.commit(CommitReservationRequest.newBuilder()
                    .setReservationId(m.reservationId()).setContactedAt(Timestamps.of(now))
                    .setExternalRef("campaign " + c.id() + " call list").setIdempotencyKey(key + ":commit").build()));
        } catch (StatusRuntimeException e) {
            afterRefusal(m, e);
            return;
        }
        members.delivered(m, true, now);
    }

    /** A reservation that lapsed or was voided is taken again later; any other refusal fails the member. */
    private void afterRefusal(CampaignMember m, StatusRuntimeException e) {
        String reason = io.crowsnest.decisioning.client.ErrorReasons.of(e);
        if ("RESERVATION_EXPIRED".equals(reason) || "RESERVATION_RELEASED".equals(reason)) {
            members.lapsed(m);
        } else {
            members.delivered(m, false, clock.instant());
        }
    }

    /** Releases a reservation that will not be used (idempotent). */
    void release(CampaignMember m, String key, String code, String why) {
        PeerDown.call("contact-governance", () -> governance.release(ReleaseReservationRequest.newBuilder()
                .setReservationId(m.reservationId()).setReason(Reason.newBuilder().setCode(code).setMessage(why))
                .setIdempotencyKey(key + ":release").build()));
    }
}
