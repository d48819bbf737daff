package io.crowsnest.decisioning.expression;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelSource;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructTypeReference;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.crowsnest.profile.v1.Profile;
import io.crowsnest.scoring.v1.ValueScores;

/**
 * CEL over the decision variables: {@code profile} (crowsnest.profile.v1.Profile), {@code scores}
 * (map of score name to number), {@code segments} (list of segment ids), {@code value}
 * (crowsnest.scoring.v1.ValueScores), {@code answers} (question id to answer), {@code context}
 * (the moment: channel, direction, division, placement, agent_id, session_id, properties),
 * {@code contact} (governance's verdict for the action: allowed, reasons, next_allowed_at) and
 * {@code now}. A field unknown to a message type, or a context or contact key that does not exist,
 * is a problem with its line and column.
 */
@ApplicationScoped
public class ExpressionLanguage {

    /** What an expression must evaluate to. */
    public enum Result {
        BOOL, NUMBER
    }

    /** The keys of {@code context}. */
    public static final Set<String> CONTEXT_KEYS = Set.of("channel", "direction", "division", "placement",
            "agent_id", "session_id", "properties");
    /** The keys of {@code contact}. */
    public static final Set<String> CONTACT_KEYS = Set.of("allowed", "reasons", "next_allowed_at", "checked");
    /** Every variable. */
    public static final Set<String> VARIABLES = Set.of("profile", "scores", "segments", "value", "answers",
            "context", "contact", "now");

    /** Longest expression accepted, in characters (code points). */
    public static final int MAX_LENGTH = 4_096;
    /** Deepest nesting of calls and operators accepted. */
    public static final int MAX_NESTING = 32;
    /** Loop iterations (exists, all, filter, map…) one evaluation may make in all. */
    public static final int MAX_ITERATIONS = 10_000;
    /**
     * Time one evaluation may take before it is stopped: a backstop against a stall. The iteration
     * bound is what stops a runaway expression; this one is generous so that a garbage-collection
     * pause never changes an answer.
     */
    public static final java.time.Duration TIME_BUDGET = java.time.Duration.ofSeconds(1);

    private static final CelOptions OPTIONS = CelOptions.current().enableHeterogeneousNumericComparisons(true)
            .maxExpressionCodePointSize(MAX_LENGTH).maxParseRecursionDepth(MAX_NESTING)
            .comprehensionMaxIterations(MAX_ITERATIONS).build();
    private static final int CACHE_LIMIT = 10_000;

    private final CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder().setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addMessageTypes(Profile.getDescriptor(), ValueScores.getDescriptor())
            .addVar("profile", StructTypeReference.create(Profile.getDescriptor().getFullName()))
            .addVar("scores", MapType.create(SimpleType.STRING, SimpleType.DOUBLE))
            .addVar("segments", ListType.create(SimpleType.STRING))
            .addVar("value", StructTypeReference.create(ValueScores.getDescriptor().getFullName()))
            .addVar("answers", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("context", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("contact", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("now", SimpleType.TIMESTAMP)
            .build();
    private final CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS)
            .addMessageTypes(Profile.getDescriptor(), ValueScores.getDescriptor()).build();
    private final Map<String, CompiledExpression> cache = new ConcurrentHashMap<>();

    /** The {@code profile} variable from profile's encoding of it (empty: a profile with nothing). */
    public static Object profile(byte[] encoded) {
        try {
            return Profile.parseFrom(encoded);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException("profile sent a profile that does not decode", e);
        }
    }

    /** The {@code value} variable from scoring's encoding of the value scores (empty: none). */
    public static Object valueScores(byte[] encoded) {
        try {
            return ValueScores.parseFrom(encoded);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException("scoring sent value scores that do not decode", e);
        }
    }

    /** The {@code now} variable: a CEL timestamp. */
    public static Object timestamp(java.time.Instant at) {
        return io.crowsnest.platform.grpc.Timestamps.of(at);
    }

    /** Compiles and checks; throws {@link ExpressionException} with every problem. */
    public CompiledExpression compile(String source, Result result) {
        String key = result + ":" + source;
        CompiledExpression cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        CompiledExpression compiled = check(source, result);
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(key, compiled);
        return compiled;
    }

    /** Evaluates; an evaluation failure (missing key, wrong type) is an {@link ExpressionException}. */
    public Object evaluate(CompiledExpression expression, Map<String, ?> variables) {
        return run(expression.program(), variables);
    }

    /** Evaluates a bool expression. */
    public boolean test(CompiledExpression expression, Map<String, ?> variables) {
        Object out = run(expression.program(), variables);
        if (out instanceof Boolean b) {
            return b;
        }
        throw new ExpressionException(List.of(new ExpressionProblem(1, 1, "the expression gave " + out
                + " instead of true or false")));
    }

    /** Evaluates a number expression as a double. */
    public double number(CompiledExpression expression, Map<String, ?> variables) {
        Object out = run(expression.program(), variables);
        if (out instanceof Number n) {
            return n.doubleValue();
        }
        if (out instanceof com.google.common.primitives.UnsignedLong u) {
            return u.doubleValue();
        }
        throw new ExpressionException(List.of(new ExpressionProblem(1, 1, "the expression gave " + out
                + " instead of a number")));
    }

    /** The clauses of a false conjunction that are false (or fail), in order. */
    public List<String> falseClauses(CompiledExpression expression, Map<String, ?> variables) {
        if (expression.clauses().size() <= 1) {
            return List.of(expression.source().strip());
        }
        List<String> failed = new ArrayList<>();
        for (CompiledExpression.Clause clause : expression.clauses()) {
            try {
                if (!Boolean.TRUE.equals(clause.program().eval(variables))) {
                    failed.add(clause.text());
                }
            } catch (CelEvaluationException e) {
                failed.add(clause.text() + " (" + e.getMessage() + ")");
            }
        }
        return failed.isEmpty() ? List.of(expression.source()) : failed;
    }

    /**
     * Evaluates within the bounds: past {@link #MAX_ITERATIONS} loop iterations or
     * {@link #TIME_BUDGET} the evaluation stops with an {@link ExpressionException} saying so.
     */
    private static Object run(CelRuntime.Program program, Map<String, ?> variables) {
        long deadline = System.nanoTime() + TIME_BUDGET.toNanos();
        try {
            return program.trace(variables, (expr, value) -> {
                if (System.nanoTime() - deadline > 0) {
                    throw new OverBudget();
                }
            });
        } catch (CelEvaluationException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof OverBudget over) {
                    throw over.problem();
                }
            }
            throw new ExpressionException(List.of(new ExpressionProblem(1, 1, e.getMessage())));
        } catch (OverBudget e) {
            throw e.problem();
        }
    }

    /** An evaluation past its time budget. */
    private static final class OverBudget extends RuntimeException {
        OverBudget() {
            super(null, null, false, false);
        }

        ExpressionException problem() {
            return new ExpressionException(List.of(new ExpressionProblem(1, 1, "the evaluation took longer than its "
                    + "budget of " + TIME_BUDGET.toMillis() + " ms and was stopped")));
        }
    }

    private CompiledExpression check(String source, Result result) {
        int length = source.codePointCount(0, source.length());
        if (length > MAX_LENGTH) {
            throw new ExpressionException(List.of(new ExpressionProblem(1, 1, "the expression is " + length
                    + " characters long; at most " + MAX_LENGTH + " are allowed")));
        }
        CelValidationResult checked = compiler.compile(source);
        if (checked.hasError()) {
            List<ExpressionProblem> problems = new ArrayList<>();
            for (CelIssue issue : checked.getErrors()) {
                problems.add(located(checked.getSource(), issue.getSourceLocation(),
                        issue.getMessage().replace(" (in container '')", "")));
            }
            throw new ExpressionException(problems);
        }
        try {
            CelAbstractSyntaxTree ast = checked.getAst();
            CelType type = ast.getResultType();
            boolean fits = result == Result.BOOL
                    ? type.equals(SimpleType.BOOL) || type.equals(SimpleType.DYN)
                    : type.equals(SimpleType.DOUBLE) || type.equals(SimpleType.INT) || type.equals(SimpleType.UINT)
                            || type.equals(SimpleType.DYN);
            if (!fits) {
                throw new ExpressionException(List.of(new ExpressionProblem(1, 1, "the expression must be of type "
                        + (result == Result.BOOL ? "bool" : "double or int") + ", but it is " + type.name())));
            }
            Set<String> roots = new HashSet<>();
            List<ExpressionProblem> problems = new ArrayList<>();
            walk(ast.getExpr(), ast.getSource(), roots, problems);
            if (!problems.isEmpty()) {
                throw new ExpressionException(problems);
            }
            return new CompiledExpression(source, runtime.createProgram(ast), roots, clauses(source, ast, result));
        } catch (CelEvaluationException | CelValidationException e) {
            throw new ExpressionException(List.of(new ExpressionProblem(1, 1, e.getMessage())));
        }
    }

    private List<CompiledExpression.Clause> clauses(String source, CelAbstractSyntaxTree ast, Result result)
            throws CelEvaluationException, CelValidationException {
        CelExpr root = ast.getExpr();
        if (result != Result.BOOL || root.getKind() != CelExpr.ExprKind.Kind.CALL
                || !root.call().function().equals("_&&_")) {
            return List.of(new CompiledExpression.Clause(source.strip(), runtime.createProgram(ast)));
        }
        List<CompiledExpression.Clause> clauses = new ArrayList<>();
        for (String text : ClauseSplitter.split(source)) {
            CelValidationResult part = compiler.compile(text);
            if (part.hasError()) {
                return List.of(new CompiledExpression.Clause(source.strip(), runtime.createProgram(ast)));
            }
            try {
                clauses.add(new CompiledExpression.Clause(text, runtime.createProgram(part.getAst())));
            } catch (CelValidationException e) {
                return List.of(new CompiledExpression.Clause(source.strip(), runtime.createProgram(ast)));
            }
        }
        return clauses;
    }

    /** Records the variables read and refuses context and contact keys that do not exist. */
    private static void walk(CelExpr expr, CelSource source, Set<String> roots, List<ExpressionProblem> problems) {
        switch (expr.getKind()) {
            case IDENT -> {
                if (VARIABLES.contains(expr.ident().name())) {
                    roots.add(expr.ident().name());
                }
            }
            case SELECT -> checkKey(expr.select().operand(), expr.select().field(), expr, source, problems);
            case CALL -> {
                if (expr.call().function().equals("_[_]") && expr.call().args().size() == 2) {
                    CelExpr key = expr.call().args().get(1);
                    if (key.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                            && key.constant().getKind() == CelConstant.Kind.STRING_VALUE) {
                        checkKey(expr.call().args().get(0), key.constant().stringValue(), key, source, problems);
                    }
                }
            }
            default -> {
            }
        }
        for (CelExpr child : children(expr)) {
            walk(child, source, roots, problems);
        }
    }

    private static void checkKey(CelExpr operand, String key, CelExpr at, CelSource source,
            List<ExpressionProblem> problems) {
        if (operand.getKind() != CelExpr.ExprKind.Kind.IDENT) {
            return;
        }
        String name = operand.ident().name();
        Set<String> keys = name.equals("context") ? CONTEXT_KEYS : name.equals("contact") ? CONTACT_KEYS : null;
        if (keys != null && !keys.contains(key)) {
            int offset = source.getPositionsMap().getOrDefault(at.id(), 0);
            problems.add(located(source, offset, "undefined field '" + key + "' of " + name + "; its fields are "
                    + String.join(", ", new java.util.TreeSet<>(keys))));
        }
    }

    private static ExpressionProblem located(CelSource source, int offset, String message) {
        CelSourceLocation at = source.getOffsetLocation(offset).orElse(CelSourceLocation.of(1, offset));
        return new ExpressionProblem(at.getLine(), at.getColumn() + 1, message);
    }

    private static ExpressionProblem located(CelSource source, CelSourceLocation at, String message) {
        return new ExpressionProblem(Math.max(1, at.getLine()), Math.max(0, at.getColumn()) + 1, message);
    }

    /** The expressions directly under this one, in source order (CEL's own navigation of the tree). */
    private static List<CelExpr> children(CelExpr expr) {
        return CelNavigableExpr.fromExpr(expr).children().map(CelNavigableExpr::expr).toList();
    }
}
