package io.crowsnest.scoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ScoreMergeTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final double EPS = 1e-9;

    /** A book with one plan in force from T0: "engagement" (half-life 1 h, 0 to 100) and "intent" (no decay, 0 to 10). */
    private static PlanBook book() {
        Plan plan = new Plan("web", 1, List.of(new ScoreDefinition("engagement", 3600, 0, 100),
                new ScoreDefinition("intent", 0, 0, 10)), List.of(), null);
        Timeline timeline = new Timeline(List.of(new Activation("web", 1, T0, T0, "jane.admin", "")));
        return new PlanBook(timeline, Map.of(PlanBook.key("web", 1), plan));
    }

    @Test
    void bothValuesAreDecayedToTheMergeInstantAndAdded() {
        Instant now = T0.plusSeconds(7200);
        Map<String, ScoreState> merged = Map.of("engagement", new ScoreState(40, T0.plusSeconds(3600), T0.plusSeconds(3600)));
        Map<String, ScoreState> own = Map.of("engagement", new ScoreState(8, now, now));

        ScoreState after = ScoreMerge.combine(book(), merged, own, now).get("engagement");

        assertEquals(20 + 8, after.value(), EPS);
        assertEquals(now, after.at());
        assertEquals(now, after.lastAwardedAt());
    }

    @Test
    void theSumIsClampedToTheScoresRangeAndTheLaterAwardIsKept() {
        Instant now = T0.plusSeconds(60);
        Map<String, ScoreState> merged = Map.of("intent", new ScoreState(7, T0.plusSeconds(50), T0.plusSeconds(50)));
        Map<String, ScoreState> own = Map.of("intent", new ScoreState(6, T0.plusSeconds(10), T0.plusSeconds(10)));

        ScoreState after = ScoreMerge.combine(book(), merged, own, now).get("intent");

        assertEquals(10, after.value(), EPS);
        assertEquals(T0.plusSeconds(50), after.lastAwardedAt());
    }

    @Test
    void theMergeInstantIsTheLatestReferenceWhenAStateLiesAheadOfNow() {
        Instant ahead = T0.plusSeconds(300);
        Map<String, ScoreState> merged = Map.of("intent", new ScoreState(1, ahead, ahead));

        ScoreState after = ScoreMerge.combine(book(), merged, Map.of(), T0.plusSeconds(60)).get("intent");

        assertEquals(ahead, after.at());
        assertEquals(1, after.value(), EPS);
    }

    @Test
    void aScoreNoActivePlanOwnsKeepsTheSurvivorsStateOrTakesTheMergedOne() {
        Instant now = T0.plusSeconds(60);
        ScoreState mergedOnly = new ScoreState(3, T0, T0);
        ScoreState survivors = new ScoreState(5, T0, T0);

        Map<String, ScoreState> after = ScoreMerge.combine(book(), Map.of("retired", mergedOnly, "old", mergedOnly),
                Map.of("old", survivors), now);

        assertSame(mergedOnly, after.get("retired"));
        assertFalse(after.containsKey("old"), "the survivor's own state of an unowned score is left as it is");
    }
}
