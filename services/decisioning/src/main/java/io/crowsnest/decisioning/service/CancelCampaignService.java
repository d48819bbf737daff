package io.crowsnest.decisioning.service;

import java.time.Clock;
import java.util.EnumSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.Reason;
import io.crowsnest.contactgovernance.v1.ReleaseReservationRequest;
import io.crowsnest.decisioning.client.ErrorReasons;
import io.crowsnest.decisioning.client.GovernanceClient;
import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignMember;
import io.crowsnest.decisioning.domain.CampaignStatus;
import io.crowsnest.decisioning.domain.DecisioningException;
import io.crowsnest.decisioning.domain.DecisioningException.Kind;
import io.crowsnest.decisioning.store.CampaignMemberStore;
import io.crowsnest.decisioning.store.CampaignStore;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

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
                governance.release(ReleaseReservationRequest.newBuilder().setReservationId(m.reservationId())
                        .setReason(Reason.newBuilder().setCode("CAMPAIGN_CANCELLED").setMessage("campaign " + id
                                + " was cancelled"))
                        .setIdempotencyKey("cmp:" + id + ":" + m.personId() + ":" + m.reservationId() + ":release")
                        .build());
                released++;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.FAILED_PRECONDITION && !ErrorReasons.personErased(e)) {
                    throw new DecisioningException(Kind.UNAVAILABLE, "GOVERNANCE_UNAVAILABLE", "the campaign is "
                            + "cancelled but contact-governance did not release reservation " + m.reservationId()
                            + " (" + e.getStatus().getCode() + " " + ErrorReasons.of(e) + "); it expires by itself");
                }
            }
        }
        return new Cancelled(queries.find(id), released);
    }
}
