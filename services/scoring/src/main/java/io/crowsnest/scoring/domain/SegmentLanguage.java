package io.crowsnest.scoring.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.LongSupplier;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelSource;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructTypeReference;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.common.CelErrorCode;
import dev.cel.common.CelException;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

/**
 * The segment language: CEL expressions of type bool over scores, features, value, attributes,
 * events and now, compiled and type-checked against the score names in force; problems carry
 * 1-based line and column (in code points) and the 0-based code point offset.
 */
public final class SegmentLanguage {

    /** One problem of an expression, located in its source. */
    public record Problem(int line, int column, int offset, String message) {

        /** "line:column: reason", as the contract reports it. */
        public String describe() {
            return line + ":" + column + ": " + message;
        }
    }

    /** A compiled expression, ready to evaluate, with the variable paths it reads. */
    public record Compiled(String expression, CelRuntime.Program program, List<String> variables,
            boolean timeDependent) {
    }

    /** Either a compiled expression or its problems. */
    public record Compilation(Compiled compiled, List<Problem> problems) {
    }

    /**
     * The outcome of one evaluation: matched, or not (with the error when evaluation failed);
     * {@code stopped} when a bound (loop iterations, time budget) stopped it.
     */
    public record Evaluation(boolean matched, String error, boolean stopped) {

        public Evaluation(boolean matched, String error) {
            this(matched, error, false);
        }
    }

    /**
     * Bounds of one expression, so that no user-written segment can stall the event path: its
     * length (code points) and nesting, checked when it is created; the loop iterations of all its
     * comprehensions together (exists, all, filter, map…) and the time of one evaluation, checked
     * while it runs. An evaluation over a bound stops and counts as not matched, with the reason in
     * the membership's explanation.
     */
    public record Limits(int maxLength, int maxNesting, int maxIterations, Duration timeBudget) {

        /**
         * 4,096 code points, nesting 32, 10,000 iterations, 1 s. The iteration bound is what stops
         * a runaway expression; the time budget is a backstop against a stall, generous so that a
         * garbage-collection pause never changes a membership.
         */
        public static final Limits DEFAULT = new Limits(4_096, 32, 10_000, Duration.ofSeconds(1));

        public Limits {
            if (maxLength < 1 || maxNesting < 1 || maxIterations < 1 || timeBudget.isNegative() || timeBudget.isZero()) {
                throw new IllegalArgumentException("every expression limit must be positive");
            }
        }
    }

    /** An evaluation that ran out of its time budget. */
    private static final class OverBudget extends RuntimeException {
        OverBudget(Duration budget) {
            super("the evaluation took longer than its budget of " + budget.toMillis() + " ms and was stopped", null,
                    false, false);
        }
    }
    private static final Set<String> VARIABLES = Set.of("scores", "features", "value", "attributes", "events",
            "now");

    private final Set<String> scoreNames;
    private final Map<String, String> unavailable;
    private final Limits limits;
    private final LongSupplier nanoTime;
    private final CelCompiler compiler;
    private final CelRuntime runtime;

    /**
     * @param scoreNames  the names scores.<name> may use
     * @param features    the message type of {@code features}
     * @param value       the message type of {@code value}
     * @param unavailable variables that are declared by the contract but not served, with why
     */
    public SegmentLanguage(Set<String> scoreNames, Descriptor features, Descriptor value,
            Map<String, String> unavailable) {
        this(scoreNames, features, value, unavailable, Limits.DEFAULT, System::nanoTime);
    }

    /**
     * @param limits   the bounds of each expression
     * @param nanoTime the monotonic clock the time budget is measured on (nanoseconds)
     */
    public SegmentLanguage(Set<String> scoreNames, Descriptor features, Descriptor value,
            Map<String, String> unavailable, Limits limits, LongSupplier nanoTime) {
        this.scoreNames = new TreeSet<>(scoreNames);
        this.unavailable = Map.copyOf(unavailable);
        this.limits = limits;
        this.nanoTime = nanoTime;
        CelOptions options = CelOptions.current().enableHeterogeneousNumericComparisons(true)
                .maxExpressionCodePointSize(limits.maxLength()).maxParseRecursionDepth(limits.maxNesting())
                .comprehensionMaxIterations(limits.maxIterations()).build();
        FileDescriptor types = SegmentTypes.build(this.scoreNames);
        Descriptor scores = types.findMessageTypeByName(SegmentTypes.SCORES);
        Descriptor event = types.findMessageTypeByName(SegmentTypes.EVENT);
        this.compiler = CelCompilerFactory.standardCelCompilerBuilder().setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addMessageTypes(scores, event, features, value)
                .addVar("scores", StructTypeReference.create(scores.getFullName()))
                .addVar("features", StructTypeReference.create(features.getFullName()))
                .addVar("value", StructTypeReference.create(value.getFullName()))
                .addVar("attributes", MapType.create(SimpleType.STRING, SimpleType.DYN))
                .addVar("events", ListType.create(StructTypeReference.create(event.getFullName())))
                .addVar("now", SimpleType.TIMESTAMP)
                .setResultType(SimpleType.BOOL)
                .build();
        this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(options)
                .addMessageTypes(scores, event, features, value).build();
    }

    public Set<String> scoreNames() {
        return scoreNames;
    }

    public Limits limits() {
        return limits;
    }

    public Compilation compile(String expression) {
        int length = expression.codePointCount(0, expression.length());
        if (length > limits.maxLength()) {
            return new Compilation(null, List.of(new Problem(1, 1, 0, "the expression is " + length
                    + " characters long; at most " + limits.maxLength() + " are allowed")));
        }
        CelValidationResult checked = compiler.compile(expression);
        if (checked.hasError()) {
            return new Compilation(null, problems(expression, checked));
        }
        try {
            CelAbstractSyntaxTree ast = checked.getAst();
            SortedSet<String> paths = new TreeSet<>();
            List<Problem> refused = new ArrayList<>();
            walk(ast.getExpr(), ast.getSource(), paths, refused);
            if (!refused.isEmpty()) {
                return new Compilation(null, refused);
            }
            return new Compilation(new Compiled(expression, runtime.createProgram(ast), List.copyOf(paths),
                    paths.contains("now")), List.of());
        } catch (CelValidationException | CelEvaluationException e) {
            return new Compilation(null, List.of(new Problem(1, 1, 0, e.getMessage())));
        }
    }

    /**
     * Evaluates within the limits: an evaluation that goes over its iterations or its time budget
     * is stopped and answers not matched with the reason.
     */
    public Evaluation evaluate(Compiled compiled, Map<String, ?> variables) {
        long deadline = nanoTime.getAsLong() + limits.timeBudget().toNanos();
        try {
            Object result = compiled.program().trace(variables, (expr, value) -> {
                if (nanoTime.getAsLong() - deadline > 0) {
                    throw new OverBudget(limits.timeBudget());
                }
            });
            return result instanceof Boolean b ? new Evaluation(b, null)
                    : new Evaluation(false, "the expression gave " + result + " instead of true or false");
        } catch (CelEvaluationException e) {
            OverBudget over = overBudget(e);
            boolean iterations = overIterations(e);
            return new Evaluation(false, over != null ? over.getMessage() : e.getMessage(), over != null || iterations);
        } catch (OverBudget e) {
            return new Evaluation(false, e.getMessage(), true);
        }
    }

    private static boolean overIterations(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CelException c && c.getErrorCode() == CelErrorCode.ITERATION_BUDGET_EXCEEDED) {
                return true;
            }
        }
        return false;
    }

    private static OverBudget overBudget(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OverBudget o) {
                return o;
            }
        }
        return null;
    }

    private List<Problem> problems(String expression, CelValidationResult result) {
        CelSource source = result.getSource();
        Optional<CelAbstractSyntaxTree> parsed = parsed(expression);
        List<Problem> problems = new ArrayList<>();
        for (CelIssue issue : result.getErrors()) {
            CelSourceLocation at = issue.getSourceLocation();
            int offset = source.getLocationOffset(at).orElse(0);
            String message = issue.getMessage().replace(" (in container '')", "");
            if (message.startsWith("expected type 'bool' but found")) {
                // CEL places it at the root operator; the whole expression is what has the wrong type
                offset = expression.length() - expression.stripLeading().length();
                message = "the expression must be of type bool, but it is "
                        + message.substring(message.indexOf("found ") + "found ".length());
            } else if (message.startsWith("undefined field '")) {
                offset = fieldStart(expression, offset);
                message = parsed.flatMap(ast -> unknownScore(ast.getExpr(), issue.getExprId())).orElse(message);
            }
            problems.add(located(source, offset, message));
        }
        return problems;
    }

    /** The field name after the dot CEL points at, so that the column names the unknown field itself. */
    private static int fieldStart(String expression, int offset) {
        int[] points = expression.codePoints().toArray();
        int at = offset;
        if (at < points.length && points[at] == '.') {
            at++;
            while (at < points.length && Character.isWhitespace(points[at])) {
                at++;
            }
        }
        return at;
    }

    private Optional<String> unknownScore(CelExpr root, long id) {
        Optional<CelExpr> select = find(root, id);
        if (select.isPresent() && select.get().getKind() == CelExpr.ExprKind.Kind.SELECT
                && select.get().select().operand().getKind() == CelExpr.ExprKind.Kind.IDENT
                && select.get().select().operand().ident().name().equals("scores")) {
            return Optional.of("unknown score '" + select.get().select().field() + "'"
                    + (scoreNames.isEmpty() ? "; no active or scheduled plan defines a score"
                            : "; scores of active or scheduled plans: " + String.join(", ", scoreNames)));
        }
        return Optional.empty();
    }

    private Optional<CelAbstractSyntaxTree> parsed(String expression) {
        try {
            return Optional.of(compiler.parse(expression).getAst());
        } catch (CelValidationException e) {
            return Optional.empty();
        }
    }

    private static Problem located(CelSource source, int offset, String message) {
        CelSourceLocation at = source.getOffsetLocation(offset).orElse(CelSourceLocation.of(1, offset));
        return new Problem(at.getLine(), at.getColumn() + 1, offset, message);
    }

    /** Collects the variable paths an expression reads and refuses the variables not served. */
    private void walk(CelExpr expr, CelSource source, Set<String> paths, List<Problem> refused) {
        Optional<String> path = SegmentPaths.of(expr, VARIABLES);
        if (path.isPresent()) {
            paths.add(path.get());
            String root = path.get().split("\\.", 2)[0];
            if (unavailable.containsKey(root) && refused.stream().noneMatch(p -> p.message()
                    .equals(unavailable.get(root)))) {
                refused.add(located(source, source.getPositionsMap().getOrDefault(SegmentPaths.rootId(expr), 0),
                        unavailable.get(root)));
            }
            return;
        }
        SegmentPaths.children(expr).forEach(child -> walk(child, source, paths, refused));
    }

    private static Optional<CelExpr> find(CelExpr expr, long id) {
        if (expr.id() == id) {
            return Optional.of(expr);
        }
        for (CelExpr child : SegmentPaths.children(expr)) {
            Optional<CelExpr> found = find(child, id);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
