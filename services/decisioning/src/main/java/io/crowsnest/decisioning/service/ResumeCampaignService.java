package io.crowsnest.decisioning.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignStatus;
import io.crowsnest.decisioning.store.CampaignStore;

/**
 * Resumes a paused campaign where it stopped: RUNNING when it had started, SCHEDULED otherwise (its
 * briefing then still goes first); a campaign that is not paused is returned unchanged.
 */
@ApplicationScoped
public class ResumeCampaignService {

    @Inject
    CampaignStore campaigns;
    @Inject
    CampaignQueries queries;

    public Campaign resume(String id) {
        Campaign c = queries.find(id);
        if (c.status() != CampaignStatus.PAUSED) {
            CampaignQueries.notEnded(c);
            return c;
        }
        campaigns.transition(id, List.of(CampaignStatus.PAUSED), c.startedAt() == null ? CampaignStatus.SCHEDULED
                : CampaignStatus.RUNNING, null, null);
        return queries.find(id);
    }
}
