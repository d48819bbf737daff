package io.crowsnest.decisioning.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignStatus;
import io.crowsnest.decisioning.domain.Reason;
import io.crowsnest.decisioning.store.CampaignStore;

/** Pauses a scheduled or running campaign (compare-and-set on its status); a paused one is returned unchanged. */
@ApplicationScoped
public class PauseCampaignService {

    @Inject
    CampaignStore campaigns;
    @Inject
    CampaignQueries queries;

    public Campaign pause(String id, Reason why) {
        Campaign c = queries.find(id);
        if (c.status() == CampaignStatus.PAUSED) {
            return c;
        }
        CampaignQueries.notEnded(c);
        campaigns.transition(id, List.of(CampaignStatus.SCHEDULED, CampaignStatus.RUNNING), CampaignStatus.PAUSED,
                why, null);
        return queries.find(id);
    }
}
