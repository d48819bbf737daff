package io.crowsnest.decisioning.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RulesTest {

    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void aDeclineBlocksForItsCooldownThenNoLonger() {
        List<Declines.Decline> declines = List.of(new Declines.Decline("gold", "call-1", NOW.minusSeconds(86_400)));
        assertEquals("DECLINE_COOLDOWN", Declines.blocking(declines, "gold", "call-2", new Window(2, "DAYS"), NOW)
                .orElseThrow().code());
        assertTrue(Declines.blocking(declines, "gold", "call-2", new Window(12, "HOURS"), NOW).isEmpty());
        assertEquals("DECLINED_IN_SESSION", Declines.blocking(declines, "gold", "call-1", new Window(12, "HOURS"),
                NOW).orElseThrow().code());
        assertTrue(Declines.blocking(declines, "silver", "call-1", Window.DEFAULT_COOLDOWN, NOW).isEmpty());
    }

    @Test
    void priorityComesFirstThenTheProductOfTheFactorsThenTheId() {
        record R(String id, Ranking ranking) {
        }
        List<R> ranked = new ArrayList<>(List.of(
                new R("b", ranking(0, 0.5, 1, 100, 1)),
                new R("a", ranking(0, 0.5, 1, 100, 1)),
                new R("c", ranking(0, 0.9, 2, 100, 1)),
                new R("d", ranking(500, 0.01, 1, 1, 1))));
        ranked.sort(Ranking.order(R::ranking, R::id));
        assertEquals(List.of("d", "c", "a", "b"), ranked.stream().map(R::id).toList());
        assertEquals(0.9 * 2 * 100, ranking(0, 0.9, 2, 100, 1).score(), 1e-9);
    }

    @Test
    void answersMustFitTheirQuestion() {
        Question choice = new Question("q", "SINGLE_CHOICE", List.of(new Question.Choice("a", "A"),
                new Question.Choice("b", "B")));
        assertTrue(Answers.problem(choice, "a").isEmpty());
        assertTrue(Answers.problem(choice, "z").isPresent());
        Question many = new Question("q", "MULTIPLE_CHOICE", choice.choices());
        assertTrue(Answers.problem(many, List.of("a", "b")).isEmpty());
        assertTrue(Answers.problem(many, List.of("a", "a")).isPresent());
        assertTrue(Answers.problem(new Question("q", "YES_NO", List.of()), "yes").isPresent());
        assertTrue(Answers.problem(new Question("q", "NUMBER", List.of()), 3.0).isEmpty());
    }

    @Test
    void moneyRoundsHalfEvenToTheMinorUnit() {
        assertEquals(new Money("EUR", 1250), Money.ofMajor("EUR", 12.5));
        assertEquals(new Money("EUR", 2), Money.ofMajor("EUR", 0.025));
        assertEquals("EUR 12.50", new Money("EUR", 1250).display());
        assertEquals(new Money("JPY", 13), Money.ofMajor("JPY", 12.5 + 0.5));
    }

    private static Ranking ranking(int priority, double p, double c, double v, double l) {
        return new Ranking(priority, List.of(new Factor(Factor.PROPENSITY, p, "", Map.of()),
                new Factor(Factor.CONTEXT_WEIGHT, c, "", Map.of()), new Factor(Factor.VALUE, v, "", Map.of()),
                new Factor(Factor.LEVER, l, "", Map.of())), false);
    }
}
