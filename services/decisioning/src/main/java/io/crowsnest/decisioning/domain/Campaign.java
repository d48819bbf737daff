package io.crowsnest.decisioning.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A launched campaign: its definition and where it is in its lifecycle.
 *
 * @param statusReason   why it is PAUSED, CANCELLED or FAILED; null otherwise
 * @param waitingReason  why the run waits (peer unreachable); "" when it does not
 * @param briefedTeamIds teams that received the briefing
 * @param actionVersions action id to its version when the campaign was launched
 */
public record Campaign(String id, CampaignDefinition definition, CampaignStatus status, Reason statusReason,
        String waitingReason, List<String> briefedTeamIds, Map<String, Integer> actionVersions, String launchedBy,
        Instant launchedAt, Instant startedAt, Instant endedAt) {

    public Campaign {
        briefedTeamIds = List.copyOf(briefedTeamIds);
        actionVersions = Map.copyOf(actionVersions);
    }
}
