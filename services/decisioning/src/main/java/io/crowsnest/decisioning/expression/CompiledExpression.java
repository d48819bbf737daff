package io.crowsnest.decisioning.expression;

import java.util.List;
import java.util.Set;

import dev.cel.runtime.CelRuntime;

/**
 * An expression ready to evaluate, with the variables it reads and, for a bool expression whose top
 * level is a conjunction, each clause on its own so that a false one can be named.
 */
public record CompiledExpression(String source, CelRuntime.Program program, Set<String> roots, List<Clause> clauses) {

    public CompiledExpression {
        roots = Set.copyOf(roots);
        clauses = List.copyOf(clauses);
    }

    /** One clause of a top-level conjunction. */
    public record Clause(String text, CelRuntime.Program program) {
    }

    public boolean reads(String root) {
        return roots.contains(root);
    }
}
