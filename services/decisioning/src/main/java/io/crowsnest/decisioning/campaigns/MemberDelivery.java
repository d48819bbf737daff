package io.crowsnest.decisioning.campaigns;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.client.AlertClient;
import io.crowsnest.decisioning.client.GovernanceClient;
import io.crowsnest.decisioning.client.PeerFailure;
import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignMember;
import io.crowsnest.decisioning.domain.RenderedContent;
import io.crowsnest.decisioning.store.CampaignMemberStore;

/**
 * Hands a reserved member's contact to alert-notification: a message under the reservation
 * (alert-notification commits or releases it), or for a call an alert in the call-list team's queue
 * followed by the commit. Every call's idempotency key derives from the campaign and the reservation
 * (and, but for a release, the person), so a retry after a crash or an outage never contacts anyone
 * twice.
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
            release(m, "NO_CONTENT", "the action has no message for " + m.channel());
            members.delivered(m, false, clock.instant());
            return;
        }
        AlertClient.Delivery r;
        try {
            r = PeerDown.call("alert-notification", () -> alerts.deliver(c, m, content, key + ":deliver"));
        } catch (PeerFailure e) {
            afterRefusal(m, e);
            return;
        }
        if (r == AlertClient.Delivery.PENDING) {
            throw new PeerDown("alert-notification is still handing over the message of " + m.personId());
        }
        members.delivered(m, r != AlertClient.Delivery.FAILED, clock.instant());
    }

    private void call(Campaign c, CampaignMember m, String key) {
        Instant now = clock.instant();
        String body = m.content() == null ? "Call about campaign '" + c.definition().name() + "', action "
                + m.actionId() : m.content().body();
        try {
            PeerDown.run("alert-notification", () -> alerts.callList(c, m, body, key + ":call"));
            PeerDown.run("contact-governance", () -> governance.commit(m.reservationId(), now, "campaign " + c.id()
                    + " call list", key + ":commit"));
        } catch (PeerFailure e) {
            afterRefusal(m, e);
            return;
        }
        members.delivered(m, true, now);
    }

    /** A reservation that lapsed or was voided is taken again later; any other refusal fails the member. */
    private void afterRefusal(CampaignMember m, PeerFailure e) {
        String reason = e.reason();
        if ("RESERVATION_EXPIRED".equals(reason) || "RESERVATION_RELEASED".equals(reason)) {
            members.lapsed(m);
        } else {
            members.delivered(m, false, clock.instant());
        }
    }

    /** Releases a reservation that will not be used (idempotent). */
    void release(CampaignMember m, String code, String why) {
        PeerDown.run("contact-governance", () -> governance.release(m.reservationId(), code, why, m.releaseKey()));
    }
}
