package io.crowsnest.decisioning.expression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * An action's eligibility or value expression cannot stall a decision: too long or nested too deep
 * is refused when written; one that loops past the bound is stopped with a reason (the action is then
 * not offered, with that reason).
 */
class ExpressionBoundsTest {

    private final ExpressionLanguage language = new ExpressionLanguage();

    private static String loops(int n) {
        String list = IntStream.rangeClosed(1, n).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
        return list + ".all(a, " + list + ".all(b, a + b > 0))";
    }

    @Test
    void anExpressionLongerThanTheBoundIsRefusedWhenWritten() {
        String longOne = "1 > 0 || " + "2 > 1 || ".repeat(ExpressionLanguage.MAX_LENGTH / 9) + "true";
        ExpressionException e = assertThrows(ExpressionException.class,
                () -> language.compile(longOne, ExpressionLanguage.Result.BOOL));
        assertTrue(e.problems().get(0).message().contains("at most 4096 are allowed"), e.problems().toString());
    }

    @Test
    void anExpressionNestedDeeperThanTheBoundIsRefusedWhenWritten() {
        String deep = "1" + " + (1".repeat(60) + ")".repeat(60) + " > 0";
        assertThrows(ExpressionException.class, () -> language.compile(deep, ExpressionLanguage.Result.BOOL));
    }

    @Test
    void anEvaluationThatLoopsPastTheBoundIsStoppedWithAReason() {
        // 101 x 101 + 101 = 10,302 iterations, over the 10,000 allowed
        CompiledExpression tooMany = language.compile(loops(101), ExpressionLanguage.Result.BOOL);
        ExpressionException e = assertThrows(ExpressionException.class, () -> language.test(tooMany, Map.of()));
        assertEquals(1, e.problems().size());
        // 50 x 50 + 50 = 2,550: well within
        assertTrue(language.test(language.compile(loops(50), ExpressionLanguage.Result.BOOL), Map.of()));
    }
}
