package io.crowsnest.scoring.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;

/** Variable paths in a CEL expression tree: "scores.purchase_intent", "attributes.country", "now". */
final class SegmentPaths {

    private SegmentPaths() {
    }

    /** The path an expression reads when it is a variable, a field of one, or one indexed by a string. */
    static Optional<String> of(CelExpr expr, Set<String> variables) {
        return switch (expr.getKind()) {
            case IDENT -> variables.contains(expr.ident().name()) ? Optional.of(expr.ident().name())
                    : Optional.empty();
            case SELECT -> of(expr.select().operand(), variables).map(p -> p + "." + expr.select().field());
            case CALL -> index(expr).flatMap(key -> of(expr.call().args().get(0), variables).map(p -> p + "." + key));
            default -> Optional.empty();
        };
    }

    /** The id of the variable a path starts from. */
    static long rootId(CelExpr expr) {
        return switch (expr.getKind()) {
            case SELECT -> rootId(expr.select().operand());
            case CALL -> rootId(expr.call().args().get(0));
            default -> expr.id();
        };
    }

    private static Optional<String> index(CelExpr call) {
        if (!call.call().function().equals("_[_]") || call.call().args().size() != 2) {
            return Optional.empty();
        }
        CelExpr key = call.call().args().get(1);
        return key.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                && key.constant().getKind() == CelConstant.Kind.STRING_VALUE
                ? Optional.of(key.constant().stringValue()) : Optional.empty();
    }

    static List<CelExpr> children(CelExpr expr) {
        List<CelExpr> out = new ArrayList<>();
        switch (expr.getKind()) {
            case SELECT -> out.add(expr.select().operand());
            case CALL -> {
                expr.call().target().ifPresent(out::add);
                out.addAll(expr.call().args());
            }
            case LIST -> out.addAll(expr.list().elements());
            case STRUCT -> expr.struct().entries().forEach(e -> out.add(e.value()));
            case MAP -> expr.map().entries().forEach(e -> {
                out.add(e.key());
                out.add(e.value());
            });
            case COMPREHENSION -> {
                out.add(expr.comprehension().iterRange());
                out.add(expr.comprehension().accuInit());
                out.add(expr.comprehension().loopCondition());
                out.add(expr.comprehension().loopStep());
                out.add(expr.comprehension().result());
            }
            default -> {
            }
        }
        return out;
    }
}
