package io.crowsnest.decisioning.campaigns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.client.AlertClient;
import io.crowsnest.decisioning.client.ScoringClient;
import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignDefinition;
import io.crowsnest.decisioning.domain.CampaignStatus;
import io.crowsnest.decisioning.store.CampaignStore;

/**
 * Starts the campaigns whose start has come: the briefing goes to every briefing team first (one
 * alert each, idempotent per campaign and team, so any instance may do it and a retry sends
 * nothing twice), and only then does the campaign become RUNNING, which is what lets the runner
 * contact anyone. A campaign whose end has passed is completed.
 */
@ApplicationScoped
public class CampaignStarter {

    @Inject
    CampaignStore campaigns;
    @Inject
    AlertClient alerts;
    @Inject
    ScoringClient scoring;
    @Inject
    Clock clock;

    /** Starts every due SCHEDULED campaign; a campaign whose briefing cannot be sent now waits. */
    public void startDue() {
        Instant now = clock.instant();
        for (Campaign c : campaigns.withStatus(List.of(CampaignStatus.SCHEDULED))) {
            if (c.definition().startAt().isAfter(now)) {
                continue;
            }
            try {
                List<String> briefed = brief(c, now);
                campaigns.started(c.id(), briefed, now);
            } catch (PeerDown e) {
                campaigns.waiting(c.id(), "briefing not sent yet: " + e.getMessage() + " at " + now
                        + "; the campaign starts once the briefing is delivered");
            }
        }
        for (Campaign c : campaigns.withStatus(List.of(CampaignStatus.RUNNING, CampaignStatus.PAUSED))) {
            Instant end = c.definition().endAt();
            if (end != null && !end.isAfter(now)) {
                campaigns.transition(c.id(), List.of(CampaignStatus.RUNNING, CampaignStatus.PAUSED),
                        CampaignStatus.COMPLETED, null, now);
            }
        }
    }

    private List<String> brief(Campaign c, Instant now) {
        CampaignDefinition d = c.definition();
        List<String> briefed = new ArrayList<>();
        if (d.briefingTeamIds().isEmpty()) {
            return briefed;
        }
        long audience = PeerDown.call("scoring", () -> scoring.segmentSize(d.segmentId()));
        Instant end = d.endAt() != null ? d.endAt() : now.plus(Duration.ofDays(Math.max(1, d.attributionDays())));
        Instant ends = end.isAfter(now) ? end : now.plusSeconds(3600);
        for (String team : d.briefingTeamIds()) {
            PeerDown.run("alert-notification", () -> alerts.briefing(c, team, audience, now, ends));
            briefed.add(team);
        }
        return briefed;
    }
}
