package io.crowsnest.scoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.crowsnest.scoring.v1.BehaviourFeatures;
import io.crowsnest.scoring.v1.ValueScores;

/**
 * A user-written segment cannot stall the event path: an expression too long or nested too deep is
 * refused when it is written; one that loops too much or runs past its time budget is stopped and
 * counts as not matched, with the reason.
 */
class SegmentLanguageLimitsTest {

    private static final String LIST = IntStream.rangeClosed(1, 20).mapToObj(Integer::toString)
            .collect(Collectors.joining(",", "[", "]"));
    /** 20 × 20 + 20 = 420 loop iterations. */
    private static final String NESTED_LOOPS = LIST + ".all(a, " + LIST + ".all(b, a + b > 0))";

    private static SegmentLanguage language(SegmentLanguage.Limits limits, AtomicLong nanos) {
        return new SegmentLanguage(Set.of("engagement"), BehaviourFeatures.getDescriptor(), ValueScores.getDescriptor(),
                Map.of(), limits, nanos::get);
    }

    private static SegmentLanguage.Evaluation evaluate(SegmentLanguage language, String expression) {
        SegmentLanguage.Compilation c = language.compile(expression);
        assertEquals(List.of(), c.problems(), expression);
        return language.evaluate(c.compiled(), Map.of());
    }

    @Test
    void anExpressionLongerThanTheLimitIsRefusedWhenWritten() {
        SegmentLanguage language = language(new SegmentLanguage.Limits(60, 32, 10_000, Duration.ofMillis(20)),
                new AtomicLong());
        String longOne = "scores.engagement > 1.0 || scores.engagement < -1.0 || scores.engagement == 0.5";
        List<SegmentLanguage.Problem> problems = language.compile(longOne).problems();
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).message().contains("at most 60 are allowed"), problems.get(0).message());
        assertEquals(List.of(), language.compile("scores.engagement > 1.0").problems());
    }

    @Test
    void anExpressionNestedDeeperThanTheLimitIsRefusedWhenWritten() {
        SegmentLanguage language = language(new SegmentLanguage.Limits(4_096, 8, 10_000, Duration.ofMillis(20)),
                new AtomicLong());
        String deep = "1" + " + (1".repeat(20) + ")".repeat(20) + " > 0";
        assertFalse(language.compile(deep).problems().isEmpty(), "20 levels against a limit of 8");
        assertEquals(List.of(), language.compile("1 + (1 + 1) > 0").problems());
    }

    @Test
    void anEvaluationThatLoopsMoreThanTheLimitIsStoppedAndDoesNotMatch() {
        SegmentLanguage bounded = language(new SegmentLanguage.Limits(4_096, 32, 100, Duration.ofMillis(20)),
                new AtomicLong());
        SegmentLanguage.Evaluation stopped = evaluate(bounded, NESTED_LOOPS);
        assertFalse(stopped.matched());
        assertNotNull(stopped.error(), "the reason is kept for the explanation");

        SegmentLanguage.Evaluation withRoom = evaluate(language(SegmentLanguage.Limits.DEFAULT, new AtomicLong()),
                NESTED_LOOPS);
        assertTrue(withRoom.matched(), "420 iterations are within the default 10,000");
        assertNull(withRoom.error());
    }

    @Test
    void anEvaluationPastItsTimeBudgetIsStoppedAndDoesNotMatch() {
        AtomicLong nanos = new AtomicLong();
        SegmentLanguage slowClock = new SegmentLanguage(Set.of("engagement"), BehaviourFeatures.getDescriptor(),
                ValueScores.getDescriptor(), Map.of(), new SegmentLanguage.Limits(4_096, 32, 10_000, Duration.ofMillis(5)),
                () -> nanos.addAndGet(1_000_000));
        SegmentLanguage.Evaluation stopped = evaluate(slowClock, NESTED_LOOPS);
        assertFalse(stopped.matched());
        assertTrue(stopped.error().contains("budget of 5 ms"), stopped.error());

        SegmentLanguage.Evaluation inTime = evaluate(language(new SegmentLanguage.Limits(4_096, 32, 10_000,
                Duration.ofMillis(5)), nanos), NESTED_LOOPS);
        assertTrue(inTime.matched(), "a clock that does not move never runs out");
    }
}
