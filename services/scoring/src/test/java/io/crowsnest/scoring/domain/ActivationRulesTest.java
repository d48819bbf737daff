package io.crowsnest.scoring.domain;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ActivationRulesTest {

    private static Plan plan(String planId, long version, ValueModel model, String... scores) {
        return new Plan(planId, version, Arrays.stream(scores).map(s -> new ScoreDefinition(s, 0, 0, 100))
                .toList(), List.of(), model);
    }

    private static ValueModel readingChurn(String planId, String... inputs) {
        ValueModel d = ValueModel.defaults("EUR");
        return new ValueModel(d.rfmWindow(), d.currency(), d.refresh(), d.marginBasisPoints(), d.tiers(),
                d.churnIntercept(), Arrays.stream(inputs).map(i -> new ValueModel.Weight(i, 0.1)).toList(),
                planId, 1);
    }

    @Test
    void aScoreAnotherActivePlanOwnsCannotBeTakenOver() {
        ScoringException e = assertThrows(ScoringException.class, () -> ActivationRules.checkOwnership(
                plan("web", 2, null, "engagement", "intent"), List.of(plan("app", 3, null, "intent"))));
        assertEquals("SCORE_NAME_CONFLICT", e.reason());
        assertEquals(ScoringException.Kind.FAILED_PRECONDITION, e.kind());
        assertEquals(Map.of("score_name", "intent", "plan_id", "app"), e.metadata());
        assertEquals("score 'intent' is owned by active plan 'app' (version 3)", e.getMessage());
    }

    @Test
    void atMostOneActivePlanCarriesTheValueModel() {
        ValueModel model = ValueModel.defaults("EUR");
        ScoringException e = assertThrows(ScoringException.class, () -> ActivationRules.checkOwnership(
                plan("web", 2, model, "engagement"), List.of(plan("app", 1, null, "x"), plan("crm", 1, model, "y"))));
        assertEquals("VALUE_MODEL_CONFLICT", e.reason());
        assertEquals(Map.of("plan_id", "crm"), e.metadata());
        assertDoesNotThrow(() -> ActivationRules.checkOwnership(plan("web", 2, null, "engagement"),
                List.of(plan("crm", 1, model, "y"))));
    }

    @Test
    void aDroppedScoreStillReadByAChurnWeightOrASegmentIsRefused() {
        Set<String> dropped = ActivationRules.dropped(plan("web", 1, null, "engagement", "intent", "visits"),
                plan("web", 2, null, "engagement"));
        assertEquals(List.of("intent", "visits"), List.copyOf(dropped));

        List<String> churn = ActivationRules.churnReaders(dropped, List.of(plan("crm", 1,
                readingChurn("crm", "score.intent", "days_since_last_event", "score.engagement"), "y")));
        assertEquals(List.of("churn weight 'score.intent' of plan 'crm'"), churn);

        ScoringException e = assertThrows(ScoringException.class, () -> ActivationRules.checkInUse(2, dropped,
                List.of(churn.get(0), "segment 'hot'")));
        assertEquals("SCORE_IN_USE", e.reason());
        assertEquals("version 2 drops intent, visits still read by: churn weight 'score.intent' of plan 'crm'; "
                + "segment 'hot'", e.getMessage());
        assertDoesNotThrow(() -> ActivationRules.checkInUse(2, dropped, List.of()));
    }

    @Test
    void aVersionTakesEffectFromNowOrLaterWithinTheClockSkew() {
        Instant now = Instant.parse("2026-12-06T08:00:00Z");
        Duration skew = Duration.ofMinutes(5);
        assertNull(ActivationRules.effectiveFromProblem(now.minus(skew), now, skew));
        assertNull(ActivationRules.effectiveFromProblem(now.plus(Duration.ofDays(3)), now, skew));
        Instant past = now.minus(skew).minusMillis(1);
        assertEquals("lies in the past (" + past + "); history is never rescored, so a version takes effect from now"
                + " or later", ActivationRules.effectiveFromProblem(past, now, skew));
    }
}
