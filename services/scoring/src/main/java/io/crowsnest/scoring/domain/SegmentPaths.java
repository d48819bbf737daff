package io.crowsnest.scoring.domain;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableExpr;

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

    /** The expressions directly under this one, in source order (CEL's own navigation of the tree). */
    static List<CelExpr> children(CelExpr expr) {
        return CelNavigableExpr.fromExpr(expr).children().map(CelNavigableExpr::expr).toList();
    }
}
