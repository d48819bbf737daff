package io.crowsnest.decisioning.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The rules of an action spec and a campaign, on plain records: which fields are refused, and why. */
class SpecRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void aWellFormedOfferPassesAndEachBadFieldIsReportedInTheRequestsOrder() {
        assertEquals(List.of(), actionProblems(offer(List.of("PHONE"), "MARKETING", null)));
        ActionSpec bad = new ActionSpec(null, " ", "", "", "", 1001, new Money("USD", -1), List.of("PHONE",
                "UNSPECIFIED", "PHONE"), "Retail", null, NOW.minusSeconds(1), "", List.of(), null, "", "", "",
                new Window(0, "UNSPECIFIED"), "", 11.0, "");
        assertEquals(List.of("spec.kind", "spec.name", "spec.priority", "spec.value.currency_code",
                "spec.value.amount_minor", "spec.lever", "spec.channels[1]", "spec.channels[2]", "spec.division.id",
                "spec.validity.end", "spec.decline_cooldown"), fields(actionProblems(bad)));
        assertEquals("CHANNEL_PHONE is listed twice", actionProblems(bad).get(7).description());
    }

    @Test
    void anOfferNeedsAKnownContactCategoryAndATemplateOnlyOnItsChannels() {
        assertEquals(List.of("spec.contact_category"), fields(actionProblems(offer(List.of("PHONE"), "", null))));
        assertEquals("is not a contact category", actionProblems(offer(List.of("PHONE"), "UNRECOGNIZED", null))
                .get(0).description());
        MessageTemplate sms = new MessageTemplate("SMS", "", "Hello", "Hi", "text/html");
        List<FieldProblem.Violation> problems = actionProblems(offer(List.of("PHONE"), "MARKETING", sms));
        assertEquals(List.of("spec.templates[0].channel", "spec.templates[0].subject",
                "spec.templates[0].content_type"), fields(problems));
        assertEquals("CHANNEL_SMS is not one of the action's channels", problems.get(0).description());
    }

    @Test
    void aCampaignIsCheckedFieldByFieldWhateverItsAudienceAndMode() {
        CampaignDraft good = campaign(List.of("EMAIL"), "ONE_OFF", "SEGMENT", 0);
        FieldChecks v = new FieldChecks();
        CampaignRules.check(good, "spec", NOW, Duration.ofMinutes(5), "EUR", Set.of("retail"), v);
        assertEquals(List.of(), v.violations());
        for (CampaignDraft runs : List.of(campaign(List.of("EMAIL"), "ONE_OFF", "SEGMENT", 10),
                campaign(List.of("EMAIL"), "ONE_OFF", "EXPRESSION", 10), triggered())) {
            FieldChecks none = new FieldChecks();
            CampaignRules.check(runs, "spec", NOW, Duration.ofMinutes(5), "EUR", Set.of("retail"), none);
            assertEquals(List.of(), none.violations());
        }
        FieldChecks triggeredExpression = new FieldChecks();
        CampaignRules.check(campaign(List.of("EMAIL"), "TRIGGERED", "EXPRESSION", 0), "spec", NOW,
                Duration.ofMinutes(5), "EUR", Set.of("retail"), triggeredExpression);
        assertEquals(List.of("spec.audience.expression", "spec.schedule.end_at"),
                fields(triggeredExpression.violations()));
        FieldChecks triggeredMax = new FieldChecks();
        CampaignRules.check(campaign(List.of("EMAIL"), "TRIGGERED", "SEGMENT", 5), "spec", NOW,
                Duration.ofMinutes(5), "EUR", Set.of("retail"), triggeredMax);
        assertEquals(List.of("spec.audience.max_size", "spec.schedule.end_at"), fields(triggeredMax.violations()));
        FieldChecks bad = new FieldChecks();
        CampaignRules.check(campaign(List.of("EMAIL", "EMAIL", "WEB"), "UNSPECIFIED", "", -1), "spec", NOW,
                Duration.ofMinutes(5), "EUR", Set.of("retail"), bad);
        assertEquals(List.of("spec.audience", "spec.audience.max_size", "spec.channels[1]", "spec.channels[2]",
                "spec.schedule.mode"), fields(bad.violations()));
        assertEquals("repeats CHANNEL_EMAIL", bad.violations().get(2).description());
    }

    @Test
    void aCampaignResponseNeedsATypeAPastInstantAndAValueOnlyOnAConversion() {
        FieldChecks fine = new FieldChecks();
        CampaignRules.response("CONVERTED", NOW, new Money("EUR", 1200), NOW, Duration.ofMinutes(5), "EUR", fine);
        assertEquals(List.of(), fine.violations());
        FieldChecks bad = new FieldChecks();
        CampaignRules.response("UNSPECIFIED", NOW.plus(Duration.ofHours(1)), new Money("EUR", 1), NOW,
                Duration.ofMinutes(5), "EUR", bad);
        assertEquals(List.of("type", "occurred_at", "value"), fields(bad.violations()));
    }

    private static ActionSpec offer(List<String> channels, String category, MessageTemplate template) {
        return new ActionSpec(ActionKind.OFFER, "Gold card", "", "", "", 10, new Money("EUR", 500), channels,
                "retail", null, null, category, template == null ? List.of() : List.of(template), null, "", "", "",
                null, "", null, "");
    }

    /** A TRIGGERED campaign to a segment, from now for a week. */
    private static CampaignDraft triggered() {
        CampaignDraft c = campaign(List.of("EMAIL"), "TRIGGERED", "SEGMENT", 0);
        CampaignDefinition d = c.definition();
        return new CampaignDraft(new CampaignDefinition(d.name(), d.description(), d.division(), d.segmentId(),
                d.actionIds(), d.channels(), NOW, NOW.plus(Duration.ofDays(7)), d.window(), d.briefingTeamIds(),
                d.briefing(), d.controlPercent(), d.expectedValue(), d.callListTeamId(), d.attributionDays(),
                d.channelCosts(), d.expression(), d.maxSize(), true), c.audience(), c.maxSize(), c.mode(), true,
                c.days(), c.costs(), c.attributionDays());
    }

    private static CampaignDraft campaign(List<String> channels, String mode, String audience, long maxSize) {
        CampaignDefinition d = new CampaignDefinition("Gold card", "", "retail", "gold-prospects", List.of("gold"),
                channels, null, null, new SendWindow(540, 1200, Set.of(DayOfWeek.MONDAY), "Europe/Paris"), List.of(),
                "", 10, null, "", 30, Map.of(), "EXPRESSION".equals(audience) ? "profile.attributes.country == 'FR'"
                        : "", (int) maxSize, "TRIGGERED".equals(mode));
        return new CampaignDraft(d, audience, maxSize, mode, true, List.of("MONDAY"), List.of(), 0);
    }

    private static List<FieldProblem.Violation> actionProblems(ActionSpec s) {
        FieldChecks v = new FieldChecks();
        ActionRules.check(s, "EUR", Set.of("retail"), NOW, v);
        return v.violations();
    }

    private static List<String> fields(List<FieldProblem.Violation> violations) {
        return violations.stream().map(FieldProblem.Violation::field).toList();
    }
}
