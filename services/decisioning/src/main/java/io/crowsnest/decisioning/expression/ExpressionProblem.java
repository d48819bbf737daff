package io.crowsnest.decisioning.expression;

/** One problem of an expression, located in its source (1-based line and column). */
public record ExpressionProblem(int line, int column, String message) {

    /** "line:column: message", as the contract reports it. */
    public String describe() {
        return line + ":" + column + ": " + message;
    }
}
