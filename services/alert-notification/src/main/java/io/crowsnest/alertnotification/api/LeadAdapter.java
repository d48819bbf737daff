package io.crowsnest.alertnotification.api;

import java.time.Duration;
import java.util.EnumSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.domain.Fields;
import io.crowsnest.alertnotification.domain.Lead;
import io.crowsnest.alertnotification.domain.LeadRule;
import io.crowsnest.alertnotification.domain.LeadRules;
import io.crowsnest.alertnotification.domain.Reason;
import io.crowsnest.alertnotification.mapping.AlertMessages;
import io.crowsnest.alertnotification.mapping.LeadMessages;
import io.crowsnest.alertnotification.service.LeadService;
import io.crowsnest.alertnotification.v1.LeadStatus;
import io.crowsnest.alertnotification.v1.ListLeadRulesRequest;
import io.crowsnest.alertnotification.v1.ListLeadRulesResponse;
import io.crowsnest.alertnotification.v1.ListLeadsRequest;
import io.crowsnest.alertnotification.v1.ListLeadsResponse;
import io.crowsnest.alertnotification.v1.RecordLeadOutcomeRequest;
import io.crowsnest.alertnotification.v1.RecordLeadOutcomeResponse;
import io.crowsnest.alertnotification.v1.UpsertLeadRuleRequest;
import io.crowsnest.alertnotification.v1.UpsertLeadRuleResponse;
import io.crowsnest.common.v1.PageResponse;
import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.platform.idempotency.Idempotency;

/** The lead RPCs: check, map, call {@link LeadService}, map back. */
@ApplicationScoped
class LeadAdapter {

    @Inject
    LeadService leads;
    @Inject
    Idempotency idempotency;

    UpsertLeadRuleResponse upsert(UpsertLeadRuleRequest r) {
        var rule = r.getRule();
        LeadRule asked = new LeadRule(rule.getRuleId(), rule.getDisplayName(), rule.getSegmentId(), rule.getTeamId(),
                rule.getScoreName(), rule.getMinScore(), rule.getMaxPerHour(),
                Duration.ofSeconds(rule.getPersonCooldownSeconds()), AlertMessages.severity(rule.getSeverity()),
                rule.getEnabled(), 0, null);
        RequestChecks v = new RequestChecks();
        LeadRules.check(v::add, asked);
        v.throwIfAny();
        LeadService.RuleUpserted done = leads.upsert(asked);
        return UpsertLeadRuleResponse.newBuilder().setRule(LeadMessages.toProto(done.rule()))
                .setCreated(done.created()).build();
    }

    ListLeadRulesResponse rules(ListLeadRulesRequest r) {
        RequestChecks v = new RequestChecks();
        Fields.optionalId(v::add, "team_id", r.getTeamId());
        v.throwIfAny();
        var out = ListLeadRulesResponse.newBuilder();
        leads.rules(r.getTeamId()).forEach(rule -> out.addRules(LeadMessages.toProto(rule)));
        return out.build();
    }

    ListLeadsResponse list(ListLeadsRequest r) {
        RequestChecks v = new RequestChecks();
        Fields.id(v::add, "team_id", r.getTeamId());
        EnumSet<Lead.Status> statuses = EnumSet.noneOf(Lead.Status.class);
        for (int i = 0; i < r.getStatusesCount(); i++) {
            LeadStatus s = r.getStatuses(i);
            if (s == LeadStatus.LEAD_STATUS_UNSPECIFIED || s == LeadStatus.UNRECOGNIZED) {
                v.add("statuses[" + i + "]", "unspecified");
            } else {
                statuses.add(LeadMessages.status(s));
            }
        }
        Fields.text(v::add, "person_id", r.getPersonId(), 0, 64);
        InboxChecks.pageSize(v, r.getPage().getPageSize());
        v.throwIfAny();
        int size = InboxChecks.pageSize(r.getPage().getPageSize());
        var page = leads.list(r.getTeamId(), statuses, r.getPersonId(), r.getPage().getPageToken(), size + 1);
        var out = ListLeadsResponse.newBuilder();
        page.stream().limit(size).forEach(l -> out.addLeads(LeadMessages.toProto(l)));
        return out.setPage(PageResponse.newBuilder().setNextPageToken(page.size() > size
                ? page.get(size - 1).id() : "")).build();
    }

    RecordLeadOutcomeResponse record(RecordLeadOutcomeRequest r) {
        RequestChecks v = new RequestChecks();
        Fields.text(v::add, "lead_id", r.getLeadId(), 1, 140);
        Fields.id(v::add, "agent_id", r.getAgentId());
        LeadStatus o = r.getOutcome();
        if (o != LeadStatus.LEAD_STATUS_ACCEPTED && o != LeadStatus.LEAD_STATUS_REJECTED
                && o != LeadStatus.LEAD_STATUS_CONVERTED) {
            v.add("outcome", "LEAD_STATUS_ACCEPTED, LEAD_STATUS_REJECTED or LEAD_STATUS_CONVERTED");
        }
        Checks.reason(v, "reason", r.hasReason(), r.getReason(), o == LeadStatus.LEAD_STATUS_REJECTED);
        v.idempotencyKey(r.getIdempotencyKey(), "idempotency_key");
        v.throwIfAny();
        return idempotency.once("RecordLeadOutcome", r.getIdempotencyKey(), r, RecordLeadOutcomeResponse.parser(),
                () -> {
                    LeadService.Outcome done = leads.record(r.getLeadId(), r.getAgentId(), LeadMessages.status(o),
                            r.hasReason() ? new Reason(r.getReason().getCode(), r.getReason().getMessage()) : null);
                    return RecordLeadOutcomeResponse.newBuilder().setLead(LeadMessages.toProto(done.lead()))
                            .setChanged(done.changed()).build();
                });
    }
}
