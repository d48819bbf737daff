package io.crowsnest.scoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** What makes a plan valid, on the plan as written: each problem reported on its field path, in order. */
class PlanRulesTest {

    /** The violations reported, as "field: description". */
    private static final class Found implements Violations {

        final List<String> all = new ArrayList<>();

        @Override
        public void add(String field, String description) {
            all.add(field + ": " + description);
        }

        @Override
        public void add(String field, String description, String reason) {
            all.add(field + ": " + description + " [" + reason + "]");
        }

        @Override
        public void pattern(String value, Pattern pattern, String field, String rule) {
            if (!pattern.matcher(value).matches()) {
                add(field, "must match " + rule);
            }
        }

        @Override
        public void length(String value, int min, int max, String field) {
            if (value.length() < min || value.length() > max) {
                add(field, "length");
            }
        }
    }

    private static PlanDraft.Condition anyEvent(List<PlanDraft.Property> properties) {
        return new PlanDraft.Condition(List.of("page_view"), List.of("WEB"), List.of(), "", 0, 0, 0, 0, properties,
                null);
    }

    private static PlanDraft plan(List<PlanDraft.RuleDraft> rules, PlanDraft.ValueModelDraft model) {
        return new PlanDraft("web", "Web", "", List.of(new PlanDraft.Score("engagement", "", 0, 0, 100)), rules,
                model);
    }

    private static List<String> check(PlanDraft plan) {
        Found found = new Found();
        PlanRules.check(plan, "plan", Set.of("engagement"), found);
        return found.all;
    }

    @Test
    void aWellFormedPlanHasNoProblem() {
        PlanDraft.RuleDraft rule = new PlanDraft.RuleDraft("views", "Page views", anyEvent(List.of()),
                List.of(new PlanDraft.Points("engagement", 5)), new PlanDraft.Cap(3, new PlanDraft.Window(1, "DAYS")));
        assertEquals(List.of(), check(plan(List.of(rule), null)));
    }

    @Test
    void pointsMustGoToTheOwnScoresOncePerRuleAndCapsNeedAWindow() {
        PlanDraft.RuleDraft rule = new PlanDraft.RuleDraft("views", "Page views", anyEvent(List.of()),
                List.of(new PlanDraft.Points("engagement", 5), new PlanDraft.Points("engagement", 0),
                        new PlanDraft.Points("other", 1)),
                new PlanDraft.Cap(0, null));
        assertEquals(List.of(
                "plan.rules[0].points[1].score_name: score 'engagement' is awarded twice by this rule",
                "plan.rules[0].points[1].points: must be non-zero and at most 1,000,000 in absolute value, got 0.0",
                "plan.rules[0].points[2].score_name: names no score of this plan: 'other'",
                "plan.rules[0].cap.max_applications: must be at least 1, got 0",
                "plan.rules[0].cap.window: is required: a length and a unit"), check(plan(List.of(rule), null)));
    }

    @Test
    void anOperandMustFitItsOperatorAndAnOperatorIsRequired() {
        PlanDraft.RuleDraft rule = new PlanDraft.RuleDraft("big", "Big baskets", anyEvent(List.of(
                new PlanDraft.Property("basket.total", PropertyOperator.GREATER_THAN, PlanDraft.JsonKind.STRING, "9"),
                new PlanDraft.Property("query", PropertyOperator.MATCHES, PlanDraft.JsonKind.STRING, "(unclosed"),
                new PlanDraft.Property("tag", null, PlanDraft.JsonKind.NOTHING, ""))),
                List.of(new PlanDraft.Points("engagement", 5)), null);
        List<String> found = check(plan(List.of(rule), null));
        assertEquals("plan.rules[0].condition.properties[0].value: must be a number for "
                + "PROPERTY_OPERATOR_GREATER_THAN, got a string", found.get(0));
        assertEquals(true, found.get(1).startsWith(
                "plan.rules[0].condition.properties[1].value: is not a valid RE2 expression"), found.get(1));
        assertEquals("plan.rules[0].condition.properties[2].operator: must name an operator", found.get(2));
        assertEquals(3, found.size());
    }

    @Test
    void tiersGoFromMostToLeastProfitableInTheReportingCurrencyAndEndAtZero() {
        PlanDraft.ValueModelDraft model = new PlanDraft.ValueModelDraft(new PlanDraft.Window(0, null), "EUR", 60,
                0, List.of(new PlanDraft.Tier("high", "EUR", 100), new PlanDraft.Tier("low", "USD", 200)),
                new PlanDraft.Churn(0, List.of(new PlanDraft.Weight("score.engagement", 1),
                        new PlanDraft.Weight("score.unknown", 1))));
        assertEquals(List.of(
                "plan.value_model.rfm_window.length: must be at least 1, got 0",
                "plan.value_model.rfm_window.unit: must be HOURS, DAYS, WEEKS or MONTHS",
                "plan.value_model.rfm_boundaries_refresh_interval_seconds: must be 0 (default) or 300 to 604,800, "
                        + "got 60",
                "plan.value_model.profitability_tiers[1].min_margin.currency_code: must be the reporting currency "
                        + "EUR, got 'USD'",
                "plan.value_model.profitability_tiers[1].min_margin.amount_minor: tiers must go from most to least "
                        + "profitable with descending, non-negative minimum margins; got 200 after 100",
                "plan.value_model.profitability_tiers[1].min_margin.amount_minor: the last tier must have a minimum "
                        + "margin of 0 so that it catches everyone else, got 200",
                "plan.value_model.churn_model.weights[1].input: unknown churn input 'score.unknown'; use one of "
                        + String.join(", ", ChurnInputs.BUILT_IN) + " or score.<name> of a defined score"),
                check(plan(List.of(), model)));
    }
}
