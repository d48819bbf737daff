package io.crowsnest.decisioning.service;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignGroup;
import io.crowsnest.decisioning.domain.CampaignProgress;
import io.crowsnest.decisioning.domain.CampaignStatus;
import io.crowsnest.decisioning.domain.DecisioningException;
import io.crowsnest.decisioning.store.CampaignMemberStore;
import io.crowsnest.decisioning.store.CampaignStore;
import io.crowsnest.platform.errors.Refusal.Kind;

/** Reads campaigns with their progress (counts of members per state). */
@ApplicationScoped
public class CampaignQueries {

    @Inject
    CampaignStore campaigns;
    @Inject
    CampaignMemberStore members;

    /** A campaign with its progress. */
    public record WithProgress(Campaign campaign, CampaignProgress progress) {
    }

    public WithProgress get(String id) {
        return withProgress(find(id));
    }

    /** The campaign; NOT_FOUND CAMPAIGN_NOT_FOUND when no campaign has the id. */
    public Campaign find(String id) {
        return campaigns.find(id).orElseThrow(() -> notFound(id));
    }

    /** FAILED_PRECONDITION CAMPAIGN_ENDED for a completed, cancelled or failed campaign. */
    static void notEnded(Campaign c) {
        if (c.status().ended()) {
            throw new DecisioningException(Kind.FAILED_PRECONDITION, "CAMPAIGN_ENDED", "campaign " + c.id() + " is "
                    + c.status() + (c.endedAt() == null ? "" : " since " + c.endedAt()) + "; nothing more can change",
                    Map.of("campaign_id", c.id(), "status", c.status().name()));
        }
    }

    /** A page of campaigns newest first, after the campaign (launched at, id) given (null: the first page). */
    public List<WithProgress> list(Collection<CampaignStatus> statuses, String division, java.time.Instant from,
            java.time.Instant to, java.time.Instant afterAt, String afterId, int limit) {
        return campaigns.page(statuses, division, from, to, afterAt, afterId, limit).stream().map(this::withProgress)
                .toList();
    }

    public WithProgress withProgress(Campaign c) {
        return new WithProgress(c, CampaignProgress.of(members.countByState(c.id()),
                members.countGroup(c.id(), CampaignGroup.CONTROL),
                members.countGroup(c.id(), CampaignGroup.UNIVERSAL_CONTROL)));
    }

    static DecisioningException notFound(String id) {
        return new DecisioningException(Kind.NOT_FOUND, "CAMPAIGN_NOT_FOUND", "no campaign has id '" + id + "'",
                Map.of("campaign_id", id));
    }
}
