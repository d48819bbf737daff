package io.crowsnest.alertnotification;

import static io.crowsnest.alertnotification.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.crowsnest.alertnotification.leads.LeadEngine;
import io.crowsnest.alertnotification.v1.Alert;
import io.crowsnest.alertnotification.v1.AlertKind;
import io.crowsnest.alertnotification.v1.AlertSeverity;
import io.crowsnest.alertnotification.v1.Lead;
import io.crowsnest.alertnotification.v1.LeadRule;
import io.crowsnest.alertnotification.v1.LeadStatus;
import io.crowsnest.alertnotification.v1.ListInboxRequest;
import io.crowsnest.alertnotification.v1.ListLeadRulesRequest;
import io.crowsnest.alertnotification.v1.ListLeadsRequest;
import io.crowsnest.alertnotification.v1.RecordLeadOutcomeRequest;
import io.crowsnest.alertnotification.v1.UpsertLeadRuleRequest;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.localstack.testing.GrpcErrorDetails;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.localstack.testing.RedisTestResource;
import io.crowsnest.platform.time.MovableClock;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A segment transition from the real scoring becomes one lead with its reason, offered to the team, and lives on. */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(Neighbours.class)
@QuarkusTestResource(ProviderServer.class)
class LeadTest extends ServiceTest {

    @Inject
    LeadEngine engine;
    @Inject
    MovableClock clock;

    @Test
    void aSegmentEnteredBecomesALeadWithItsReasonForTheTeam() throws Exception {
        String ann = unique("ann-");
        String team = f.team(unique("sue-"), ann);
        String score = "intent" + unique("").substring(0, 6);
        String type = "mortgage_sim_" + unique("").substring(0, 8);
        try (ScoringFixture scoring = new ScoringFixture(neighbours)) {
            String segment = scoring.segment(score, type);
            LeadRule rule = f.alerts.upsertLeadRule(UpsertLeadRuleRequest.newBuilder().setRule(LeadRule.newBuilder()
                    .setRuleId(unique("rule-")).setDisplayName("Mortgage intent").setSegmentId(segment)
                    .setTeamId(team).setScoreName(score).setMinScore(20).setMaxPerHour(20)
                    .setPersonCooldownSeconds(86400).setSeverity(AlertSeverity.ALERT_SEVERITY_WARNING)
                    .setEnabled(true)).build()).getRule();
            assertEquals(1, rule.getVersion());
            assertEquals(List.of(rule), f.alerts.listLeadRules(ListLeadRulesRequest.newBuilder().setTeamId(team)
                    .build()).getRulesList());

            String person = f.person();
            scoring.observe(person, type);
            scoring.observe(person, type);
            Lead candidate = awaitLead(team);
            assertEquals(LeadStatus.LEAD_STATUS_CANDIDATE, candidate.getStatus());
            assertEquals(20.0, candidate.getScore());
            assertTrue(candidate.getReason().getMessage().contains(score + " 20.0 (minimum 20.0)"),
                    candidate.getReason().getMessage());

            clock.advance(Duration.ofMinutes(1));
            engine.digest();
            Lead offered = f.alerts.listLeads(ListLeadsRequest.newBuilder().setTeamId(team).build()).getLeads(0);
            assertEquals(LeadStatus.LEAD_STATUS_OFFERED, offered.getStatus());
            Alert alert = f.alerts.listInbox(ListInboxRequest.newBuilder().addTeamIds(team).build()).getAlerts(0);
            assertEquals(offered.getAlertId(), alert.getAlertId());
            assertEquals(AlertKind.ALERT_KIND_QUALIFIED_LEAD, alert.getKind());
            assertEquals(person, alert.getPersonId());
            assertEquals(candidate.getReason(), alert.getReason());

            Lead accepted = outcome(offered, ann, LeadStatus.LEAD_STATUS_ACCEPTED, null).getLead();
            assertEquals(ann, accepted.getAgentId());
            Lead converted = outcome(offered, ann, LeadStatus.LEAD_STATUS_CONVERTED, null).getLead();
            assertEquals(LeadStatus.LEAD_STATUS_CONVERTED, converted.getStatus());
            assertFalse(outcome(offered, ann, LeadStatus.LEAD_STATUS_CONVERTED, null).getChanged());
            StatusRuntimeException backwards = assertThrows(StatusRuntimeException.class,
                    () -> outcome(offered, ann, LeadStatus.LEAD_STATUS_ACCEPTED, null));
            assertEquals("LEAD_OUTCOME_NOT_ALLOWED", GrpcErrorDetails.reason(backwards));
        }
    }

    private Lead awaitLead(String team) {
        return Await.until(Duration.ofSeconds(20), () -> f.alerts.listLeads(ListLeadsRequest.newBuilder()
                .setTeamId(team).build()).getLeadsList(), leads -> !leads.isEmpty(), "a lead from scoring's transition")
                .get(0);
    }

    private io.crowsnest.alertnotification.v1.RecordLeadOutcomeResponse outcome(Lead lead, String agent,
            LeadStatus outcome, Reason reason) {
        RecordLeadOutcomeRequest.Builder r = RecordLeadOutcomeRequest.newBuilder().setLeadId(lead.getLeadId())
                .setAgentId(agent).setOutcome(outcome).setIdempotencyKey(unique("k"));
        if (reason != null) {
            r.setReason(reason);
        }
        return f.alerts.recordLeadOutcome(r.build());
    }

    @Test
    void badRulesAndOutcomesAreRefused() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> f.alerts.upsertLeadRule(
                UpsertLeadRuleRequest.newBuilder().setRule(LeadRule.newBuilder().setRuleId("Bad Rule")
                        .setSegmentId("").setTeamId("t").setMinScore(Double.NaN).setMaxPerHour(0)
                        .setPersonCooldownSeconds(-1)).build()));
        assertEquals(List.of("rule.rule_id", "rule.display_name", "rule.segment_id", "rule.min_score",
                "rule.max_per_hour", "rule.person_cooldown_seconds", "rule.severity"), GrpcErrorDetails.fields(e));
        StatusRuntimeException team = assertThrows(StatusRuntimeException.class, () -> f.alerts.upsertLeadRule(
                UpsertLeadRuleRequest.newBuilder().setRule(LeadRule.newBuilder().setRuleId("r").setDisplayName("R")
                        .setSegmentId("s").setTeamId(unique("none-")).setMaxPerHour(1)
                        .setSeverity(AlertSeverity.ALERT_SEVERITY_INFO)).build()));
        assertEquals("TEAM_NOT_FOUND", GrpcErrorDetails.reason(team));
        StatusRuntimeException rejected = assertThrows(StatusRuntimeException.class, () -> f.alerts.recordLeadOutcome(
                RecordLeadOutcomeRequest.newBuilder().setLeadId("l").setAgentId("ann")
                        .setOutcome(LeadStatus.LEAD_STATUS_REJECTED).setIdempotencyKey("k").build()));
        assertEquals(List.of("reason"), GrpcErrorDetails.fields(rejected));
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> f.alerts.recordLeadOutcome(
                RecordLeadOutcomeRequest.newBuilder().setLeadId("no-such-lead").setAgentId("ann")
                        .setOutcome(LeadStatus.LEAD_STATUS_ACCEPTED).setIdempotencyKey(unique("k")).build()));
        assertEquals("LEAD_NOT_FOUND", GrpcErrorDetails.reason(unknown));
    }
}
