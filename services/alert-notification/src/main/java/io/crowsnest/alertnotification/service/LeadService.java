package io.crowsnest.alertnotification.service;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.domain.AlertErrors;
import io.crowsnest.alertnotification.domain.DomainException;
import io.crowsnest.alertnotification.domain.Lead;
import io.crowsnest.alertnotification.domain.LeadRule;
import io.crowsnest.alertnotification.domain.Reason;
import io.crowsnest.alertnotification.store.LeadStore;
import io.crowsnest.alertnotification.store.TeamStore;

/** Administers lead rules, lists a team's leads and records agents' outcomes of them. */
@ApplicationScoped
public class LeadService {

    /** A rule as stored, and whether it is new. */
    public record RuleUpserted(LeadRule rule, boolean created) {
    }

    /** A lead after an outcome, and whether it changed. */
    public record Outcome(Lead lead, boolean changed) {
    }

    @Inject
    LeadStore leads;
    @Inject
    TeamStore teams;
    @Inject
    Clock clock;

    public RuleUpserted upsert(LeadRule rule) {
        teams.find(rule.teamId()).orElseThrow(() -> new AlertErrors.TeamNotFound(rule.teamId(), "rule.team_id"));
        LeadRule current = leads.rule(rule.id()).orElse(null);
        if (rule.sameAs(current)) {
            return new RuleUpserted(current, false);
        }
        LeadRule stored = rule.stored(current == null ? 1 : current.version() + 1,
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        leads.saveRule(stored);
        return new RuleUpserted(stored, current == null);
    }

    public List<LeadRule> rules(String teamId) {
        return leads.rules(teamId);
    }

    public List<Lead> list(String teamId, Collection<Lead.Status> statuses, String personId, String beforeId,
            int limit) {
        return leads.list(teamId, statuses, personId, beforeId, limit);
    }

    public Outcome record(String leadId, String agentId, Lead.Status outcome, Reason reason) {
        Lead lead = leads.find(leadId).orElseThrow(() -> new DomainException(DomainException.Kind.NOT_FOUND,
                "LEAD_NOT_FOUND", "no lead '" + leadId + "'"));
        boolean member = teams.find(lead.teamId()).flatMap(t -> t.member(agentId)).isPresent();
        if (!member) {
            throw new DomainException(DomainException.Kind.FAILED_PRECONDITION, "LEAD_OUTCOME_NOT_ALLOWED",
                    "agent '" + agentId + "' is not a member of team " + lead.teamId());
        }
        Lead changed = lead.outcome(outcome, agentId, reason, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        if (changed != lead) {
            leads.save(changed);
        }
        return new Outcome(changed, changed != lead);
    }

}
