package io.crowsnest.alertnotification.service;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.domain.Alert;
import io.crowsnest.alertnotification.domain.AlertErrors;
import io.crowsnest.alertnotification.domain.Briefing;
import io.crowsnest.alertnotification.domain.Inbox;
import io.crowsnest.alertnotification.domain.Team;
import io.crowsnest.alertnotification.store.AlertStore;
import io.crowsnest.alertnotification.store.TeamStore;

/** Administers teams (members, roles, on-duty state) and tells supervisors who has read a briefing. */
@ApplicationScoped
public class TeamService {

    /** The result of an upsert. */
    public record Upserted(Team team, boolean created) {
    }

    /** The result of an on-duty change: the team, and whether anything changed. */
    public record OnDuty(Team team, boolean changed) {
    }

    /** Who acknowledged a briefing and who has not yet. */
    public record BriefingStatus(Alert alert, List<Briefing.Acknowledgement> acknowledged, List<String> pending) {
    }

    @Inject
    TeamStore teams;
    @Inject
    AlertStore alerts;
    @Inject
    Clock clock;

    public Upserted upsert(String teamId, String name, List<Team.Member> members, long expectedVersion) {
        while (true) {
            Team current = teams.find(teamId).orElse(null);
            long version = current == null ? 0 : current.version();
            if (expectedVersion > 0 && expectedVersion != version) {
                throw new AlertErrors.TeamVersionMismatch(teamId, expectedVersion, version);
            }
            Team next = current == null ? Team.create(teamId, name, members, now())
                    : current.replacedBy(name, members, now());
            if (next == current || teams.write(next, version)) {
                return new Upserted(next, current == null);
            }
        }
    }

    public Team get(String teamId) {
        return teams.find(teamId).orElseThrow(() -> new AlertErrors.TeamNotFound(teamId, "team_id"));
    }

    public List<Team> list(String agentId, String afterTeamId, int limit) {
        return teams.list(agentId, afterTeamId, limit);
    }

    /** Puts a member on or off duty; the boolean says whether it changed. */
    public OnDuty setOnDuty(String teamId, String agentId, boolean onDuty) {
        while (true) {
            Team current = get(teamId);
            Team next = current.onDuty(agentId, onDuty, now());
            if (next == current || teams.write(next, current.version())) {
                return new OnDuty(next, next != current);
            }
        }
    }

    private java.time.Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    public BriefingStatus briefing(String alertId) {
        Alert alert = alerts.find(alertId).orElseThrow(() -> new AlertErrors.AlertNotFound(alertId));
        if (!alert.isBriefing()) {
            throw new AlertErrors.NotABriefing(alertId);
        }
        List<String> pending;
        if (alert.inbox().type() == Inbox.Type.TEAM) {
            pending = teams.find(alert.inbox().id()).map(t -> t.pending(alert)).orElse(List.of());
        } else {
            pending = alert.acknowledgedBy(alert.inbox().id()) ? List.of() : List.of(alert.inbox().id());
        }
        return new BriefingStatus(alert, alert.acknowledgements(), pending);
    }
}
