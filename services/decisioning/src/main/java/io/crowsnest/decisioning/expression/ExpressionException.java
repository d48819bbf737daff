package io.crowsnest.decisioning.expression;

import java.util.List;

/** An expression that does not compile, or whose evaluation failed, with its problems. */
public class ExpressionException extends RuntimeException {

    private final List<ExpressionProblem> problems;

    public ExpressionException(List<ExpressionProblem> problems) {
        super(problems.get(0).describe());
        this.problems = List.copyOf(problems);
    }

    public List<ExpressionProblem> problems() {
        return problems;
    }
}
