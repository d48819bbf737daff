package io.crowsnest.alertnotification.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.domain.Alert;
import io.crowsnest.alertnotification.domain.AlertErrors;
import io.crowsnest.alertnotification.feed.FeedPublisher;
import io.crowsnest.alertnotification.store.AlertStore;
import io.crowsnest.alertnotification.store.TeamStore;

/**
 * Marks alerts read and acknowledges them. Each change is a conditional write over the version read,
 * re-applied on a concurrent change, so two agents racing for a team alert end with one taker.
 */
@ApplicationScoped
public class AcknowledgeService {

    /** An acknowledgement's result: the alert, and whether this agent had acknowledged it already. */
    public record Acknowledged(Alert alert, boolean already) {
    }

    @Inject
    AlertStore alerts;
    @Inject
    TeamStore teams;
    @Inject
    FeedPublisher feed;
    @Inject
    Clock clock;

    /** Marks the alerts read by the agent, all or nothing; returns them in request order. */
    public List<Alert> markRead(List<String> alertIds, String agentId) {
        List<String> agentTeams = teams.teamsOf(agentId);
        List<Alert> found = new ArrayList<>();
        for (String id : alertIds) {
            Alert alert = alerts.find(id).orElseThrow(() -> new AlertErrors.AlertNotFound(id));
            alert.requireRecipient(agentId, agentTeams);
            found.add(alert);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<Alert> out = new ArrayList<>();
        for (Alert alert : found) {
            out.add(change(alert, a -> a.read(agentId, now), agentId));
        }
        return out;
    }

    public Acknowledged acknowledge(String alertId, String agentId, String note) {
        Alert alert = alerts.find(alertId).orElseThrow(() -> new AlertErrors.AlertNotFound(alertId));
        alert.requireRecipient(agentId, teams.teamsOf(agentId));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        while (true) {
            if (alert.acknowledgedBy(agentId)) {
                return new Acknowledged(alert, true);
            }
            Alert changed = alert.acknowledge(agentId, note, now);
            if (alerts.replace(changed, alert.version())) {
                feed.changed(changed, agentId, false);
                return new Acknowledged(changed, false);
            }
            alert = alerts.find(alertId).orElseThrow(() -> new AlertErrors.AlertNotFound(alertId));
        }
    }

    private Alert change(Alert alert, UnaryOperator<Alert> rule, String agentId) {
        while (true) {
            Alert changed = rule.apply(alert);
            if (changed == alert) {
                return alert;
            }
            if (alerts.replace(changed, alert.version())) {
                feed.changed(changed, agentId, false);
                return changed;
            }
            String id = alert.id();
            alert = alerts.find(id).orElseThrow(() -> new AlertErrors.AlertNotFound(id));
        }
    }
}
