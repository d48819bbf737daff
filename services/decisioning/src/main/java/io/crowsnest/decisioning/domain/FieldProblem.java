package io.crowsnest.decisioning.domain;

import java.util.List;

/** Bad input found by a rule: one problem per field, reported as INVALID_ARGUMENT. */
public class FieldProblem extends RuntimeException {

    /** One bad field: its path as in the request and what is wrong. */
    public record Violation(String field, String description) {
    }

    private final List<Violation> violations;

    public FieldProblem(List<Violation> violations) {
        super(violations.get(0).field() + ": " + violations.get(0).description());
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
