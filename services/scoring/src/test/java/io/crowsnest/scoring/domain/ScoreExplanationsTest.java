package io.crowsnest.scoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ScoreExplanationsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final double EPS = 1e-9;

    /** "engagement" halves every hour, 0 to 100; "intent" keeps its points, 0 to 10. */
    private static PlanBook book() {
        Rule visit = new Rule("visit", "a visit", null, Map.of("engagement", 10.0), null);
        Plan plan = new Plan("web", 1, List.of(new ScoreDefinition("engagement", 3600, 0, 100),
                new ScoreDefinition("intent", 0, 0, 10)), List.of(visit), null);
        Timeline timeline = new Timeline(List.of(new Activation("web", 1, T0, T0, "jane.admin", "")));
        return new PlanBook(timeline, Map.of(PlanBook.key("web", 1), plan));
    }

    private static Contribution award(String score, String eventId, Instant at, double points) {
        return new Contribution(score, "web", 1, "visit", eventId, "page_view", at, points);
    }

    private static PersonState person(Map<String, ScoreState> scores, List<Contribution> contributions) {
        return new PersonState(T0, T0, 1, 0, null, Map.of(), Map.of(), List.of(), List.of(), scores, List.of(),
                contributions, List.of());
    }

    @Test
    void valuesAreDecayedAndClampedAndAScoreNeverAwardedIsZero() {
        Instant now = T0.plusSeconds(3600);
        Map<String, ScoreState> states = Map.of("engagement", new ScoreState(300, T0, T0));

        Map<String, Double> values = ScoreValues.at(book(), states, now);

        assertEquals(100, values.get("engagement"), EPS);
        assertEquals(0, values.get("intent"), EPS);
    }

    @Test
    void theContributionsThatWeighMostNowComeFirstAndTheRestAreOtherPoints() {
        Instant now = T0.plusSeconds(7200);
        // 40 two hours ago weighs 10 now, 16 one hour ago weighs 8, 12 now weighs 12
        List<Contribution> log = List.of(award("engagement", "e1", T0, 40), award("engagement", "e2",
                T0.plusSeconds(3600), 16), award("engagement", "e3", now, 12));
        PersonState state = person(Map.of("engagement", new ScoreState(30, now, now)), log);

        ScoreExplanations.Explained engagement = ScoreExplanations.of(book(), state, now, 2).get(0);

        assertEquals("engagement", engagement.score().definition().name());
        assertEquals(30, engagement.value(), EPS);
        assertEquals(List.of("e3", "e1"), engagement.top().stream().map(w -> w.contribution().eventId()).toList());
        assertEquals(12, engagement.top().get(0).pointsNow(), EPS);
        assertEquals("a visit", engagement.top().get(0).ruleDescription());
        assertEquals(30 - 12 - 10, engagement.otherPoints(), EPS);
        assertEquals(now, engagement.lastAwardedAt());
    }

    @Test
    void amongEqualWeightsTheMoreRecentComesFirstAndAnUnawardedScoreHasNoLastAward() {
        Instant now = T0.plusSeconds(60);
        List<Contribution> log = List.of(award("intent", "old", T0, 2), award("intent", "new", T0.plusSeconds(30), 2));
        PersonState state = person(Map.of("intent", new ScoreState(4, T0.plusSeconds(30), T0.plusSeconds(30))), log);

        List<ScoreExplanations.Explained> all = ScoreExplanations.of(book(), state, now, 10);

        assertNull(all.get(0).lastAwardedAt(), "engagement was never awarded");
        assertEquals(List.of("new", "old"), all.get(1).top().stream().map(w -> w.contribution().eventId()).toList());
        assertEquals(0, all.get(1).otherPoints(), EPS);
    }
}
