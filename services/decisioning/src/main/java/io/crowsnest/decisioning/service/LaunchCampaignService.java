package io.crowsnest.decisioning.service;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignDefinition;
import io.crowsnest.decisioning.domain.CampaignStatus;
import io.crowsnest.decisioning.store.CampaignStore;

/**
 * Launches a campaign: checked against the catalogue and scoring, stored SCHEDULED with the
 * versions of its actions and the segment its audience is read from (for an audience expression,
 * the population segment); the runner starts it at its start (briefings first).
 */
@ApplicationScoped
public class LaunchCampaignService {

    @Inject
    CampaignSpecCheck check;
    @Inject
    CampaignStore campaigns;
    @Inject
    Clock clock;

    public Campaign launch(CampaignDefinition d, String launchedBy) {
        CampaignSpecCheck.Checked checked = check.check(d);
        Instant now = clock.instant();
        Map<String, Integer> versions = new LinkedHashMap<>();
        d.actionIds().forEach(id -> versions.put(id, checked.actions().get(id).version()));
        // an expression's audience is read from the population segment, filtered by the expression
        CampaignDefinition scheduled = new CampaignDefinition(d.name(), d.description(), d.division(),
                checked.segmentId(), d.actionIds(), d.channels(), d.startAt() != null ? d.startAt() : now, d.endAt(),
                d.window(), d.briefingTeamIds(), d.briefing(), d.controlPercent(), d.expectedValue(),
                d.callListTeamId(), d.attributionDays(), d.channelCosts(), d.expression(), d.maxSize(),
                d.triggered());
        Campaign c = new Campaign("cmp-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20), scheduled,
                CampaignStatus.SCHEDULED, null, "", List.of(), versions, launchedBy, now, null, null);
        if (!campaigns.insert(c)) {
            throw new IllegalStateException("campaign id " + c.id() + " collided; retry");
        }
        return c;
    }
}
