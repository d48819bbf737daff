package io.crowsnest.alertnotification.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.client.IdentityClient;
import io.crowsnest.alertnotification.client.ProfileClient;
import io.crowsnest.alertnotification.config.AlertsConfig;
import io.crowsnest.alertnotification.domain.Alert;
import io.crowsnest.alertnotification.domain.AlertDraft;
import io.crowsnest.alertnotification.domain.AlertErrors;
import io.crowsnest.alertnotification.domain.AlertState;
import io.crowsnest.alertnotification.domain.Inbox;
import io.crowsnest.alertnotification.domain.Link;
import io.crowsnest.alertnotification.domain.Recipient;
import io.crowsnest.alertnotification.feed.FeedPublisher;
import io.crowsnest.alertnotification.store.AlertStore;
import io.crowsnest.alertnotification.store.TeamStore;

/**
 * Publishes an alert: resolves its person through identity, its inbox (an agent of some team, a
 * team, or the person's account manager from profile, else the fallback team), renders its body,
 * stores it and appends it to the live feed.
 */
@ApplicationScoped
public class PublishAlertService {

    @Inject
    IdentityClient identity;
    @Inject
    ProfileClient profile;
    @Inject
    TeamStore teams;
    @Inject
    AlertStore alerts;
    @Inject
    FeedPublisher feed;
    @Inject
    AlertRenderer renderer;
    @Inject
    AlertsConfig config;
    @Inject
    Clock clock;

    public Alert publish(AlertDraft draft) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String personId = draft.person() == null ? null : identity.personId(draft.person(), "person");
        Inbox inbox = inbox(draft.recipient(), personId);
        String body = draft.briefing() != null
                ? renderer.renderBriefing(draft.body(), draft.reason(), draft.campaignId(), draft.briefing())
                : renderer.render(draft.body(), draft.reason(), personId);
        List<Link> links = new ArrayList<>();
        if (personId != null) {
            links.add(new Link("360 view", config.personViewPath() + personId));
        }
        links.addAll(draft.links());
        Instant expires = draft.expiresAt() != null ? draft.expiresAt() : now.plus(config.defaultExpiry());
        Alert alert = new Alert(UUID.randomUUID().toString(), 0, draft.recipient(), inbox, personId, draft.kind(),
                draft.severity(), draft.title(), body, draft.reason(), List.copyOf(links), draft.divisionId(),
                draft.campaignId(), draft.source(), now, expires, AlertState.UNREAD, null, null, null, null, null,
                draft.briefing(), List.of(), 1);
        alerts.insert(alert);
        return feed.published(alert);
    }

    private Inbox inbox(Recipient recipient, String personId) {
        if (recipient instanceof Recipient.Agent a) {
            if (teams.teamsOf(a.agentId()).isEmpty()) {
                throw new AlertErrors.AgentNotFound(a.agentId(), "any team", "recipient.agent_id");
            }
            return Inbox.agent(a.agentId());
        }
        if (recipient instanceof Recipient.Team t) {
            return Inbox.team(existingTeam(t.teamId(), "recipient.team_id"));
        }
        String fallback = ((Recipient.AccountManager) recipient).fallbackTeamId();
        return profile.accountManager(personId).map(Inbox::agent).orElseGet(() -> {
            if (fallback.isEmpty()) {
                throw new AlertErrors.AccountManagerUnknown(personId);
            }
            return Inbox.team(existingTeam(fallback, "recipient.account_manager.fallback_team_id"));
        });
    }

    private String existingTeam(String teamId, String field) {
        teams.find(teamId).orElseThrow(() -> new AlertErrors.TeamNotFound(teamId, field));
        return teamId;
    }
}
