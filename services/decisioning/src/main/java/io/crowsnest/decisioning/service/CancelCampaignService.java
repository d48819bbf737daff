package io.crowsnest.decisioning.service;

import java.time.Clock;
import java.util.EnumSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.client.GovernanceClient;
import io.crowsnest.decisioning.client.PeerFailure;
import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignMember;
import io.crowsnest.decisioning.domain.CampaignStatus;
import io.crowsnest.decisioning.domain.DecisioningException;
import io.crowsnest.decisioning.store.CampaignMemberStore;
import io.crowsnest.decisioning.store.CampaignStore;
import io.crowsnest.platform.errors.Refusal.Kind;

/**
 * Cancels a campaign: CANCELLED by compare-and-set, the members not yet sent CANCELLED, and the
 * reservations not yet handed to alert-notification released (a message already handed over is
 * still delivered and counted). A cancelled campaign is returned unchanged.
 */
@ApplicationScoped
public class CancelCampaignService {

    @Inject
    CampaignStore campaigns;
    @Inject
    CampaignMemberStore members;
    @Inject
    CampaignQueries queries;
    @Inject
    GovernanceClient governance;
    @Inject
    Clock clock;

    /** The campaign cancelled and how many reservations were released. */
    public record Cancelled(Campaign campaign, long released) {
    }

    public Cancelled cancel(String id, io.crowsnest.decisioning.domain.Reason why) {
        Campaign c = queries.find(id);
        if (c.status() == CampaignStatus.CANCELLED) {
            return new Cancelled(c, 0);
        }
        CampaignQueries.notEnded(c);
        if (!campaigns.transition(id, EnumSet.of(CampaignStatus.SCHEDULED, CampaignStatus.RUNNING,
                CampaignStatus.PAUSED), CampaignStatus.CANCELLED, why, clock.instant())) {
            return cancel(id, why); // it changed meanwhile: decide again on what it is now
        }
        long released = 0;
        for (CampaignMember m : members.cancel(id)) {
            try {
                governance.release(m.reservationId(), "CAMPAIGN_CANCELLED", "campaign " + id + " was cancelled",
                        m.releaseKey());
                released++;
            } catch (PeerFailure e) {
                // already closed (FAILED_PRECONDITION), or its person erased: nothing is held any more
                if (!e.code().equals("FAILED_PRECONDITION") && !e.personErased()) {
                    throw new DecisioningException(Kind.UNAVAILABLE, "GOVERNANCE_UNAVAILABLE", "the campaign is "
                            + "cancelled but contact-governance did not release reservation " + m.reservationId()
                            + " (" + e.code() + " " + e.reason() + "); it expires by itself");
                }
            }
        }
        return new Cancelled(queries.find(id), released);
    }
}
