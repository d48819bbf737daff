package io.crowsnest.alertnotification.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The rules of what callers send (alerts, deliveries, lead rules, teams) as pure functions: which fields are refused. */
class InputRulesTest {

    static final Instant T = Instant.parse("2030-01-01T10:00:00Z");

    /** The fields reported, in order. */
    static final class Found implements Fields.Problems {
        final List<String> fields = new ArrayList<>();

        @Override
        public void add(String field, String description) {
            fields.add(field);
        }
    }

    static AlertDraft draft(Recipient recipient, AlertKind kind, Briefing briefing) {
        return new AlertDraft(recipient, null, kind, Severity.WARNING, "Call back", "", new Reason("CALLBACK", "asked"),
                List.of(new Link("Open", "/customers/p1"), new Link("Bad", "//evil.example")), T.plusSeconds(60), "",
                "", "web-login", briefing);
    }

    @Test
    void anAlertNeedsARecipientAPersonForTheAccountManagerAndSafeLinks() {
        Found found = new Found();
        PublishRules.recipient(found, new Recipient.AccountManager(""), false);
        PublishRules.recipient(found, null, false);
        PublishRules.content(found, draft(null, null, null), true, T, Duration.ofDays(90), Optional.of(List.of("retail")));
        PublishRules.briefing(found, draft(null, AlertKind.CAMPAIGN_BRIEFING, null));
        assertEquals(List.of("person", "recipient", "kind", "links[1].url", "division.id", "campaign_id", "briefing"),
                found.fields);
        Found fine = new Found();
        PublishRules.content(fine, draft(new Recipient.Team("t"), AlertKind.CALLBACK_REQUEST, null), false, T,
                Duration.ofDays(90), Optional.empty());
        assertEquals(List.of("links[1].url"), fine.fields);
    }

    @Test
    void aDeliveryOrderNeedsAMessageChannelContentAndNoNullVariable() {
        Map<String, Object> variables = new HashMap<>();
        variables.put("first_name", null);
        Found found = new Found();
        DeliveryOrderRules.check(found, new DeliveryOrder("d-1", "r-1", PersonLookup.byId("p1"), null,
                new DeliveryOrder.TemplateRef("welcome", "", variables), null, new Delivery.Refs("", "", "")));
        DeliveryOrderRules.check(found, new DeliveryOrder("d-1", "r-1", PersonLookup.byId("p1"), MessageChannel.SMS,
                null, null, new Delivery.Refs("", "", "")));
        assertEquals(List.of("channel", "template.variables[\"first_name\"]", "content"), found.fields);
    }

    @Test
    void aLeadRuleAndATeamAreCheckedFieldByField() {
        Found rule = new Found();
        LeadRules.check(rule, new LeadRule("gold", "Gold", "gold-prospects", "team-1", "", Double.NaN, 0,
                Duration.ofSeconds(-1), null, true, 0, null));
        assertEquals(List.of("rule.min_score", "rule.max_per_hour", "rule.person_cooldown_seconds", "rule.severity"),
                rule.fields);
        Found team = new Found();
        TeamRules.check(team, "team-1", "Team", List.of(new Team.Member("ann", Team.Role.AGENT, false, null),
                new Team.Member("ann", null, false, null)), -1);
        assertEquals(List.of("members[1].agent_id", "members[1].role", "expected_version"), team.fields);
    }
}
