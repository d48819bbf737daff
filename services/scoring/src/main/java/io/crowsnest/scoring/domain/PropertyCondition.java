package io.crowsnest.scoring.domain;

import java.util.List;
import java.util.Map;

import com.google.re2j.Pattern;

/**
 * A condition on one event property (a key or a dotted path). A missing property fails every
 * operator. The operand is a JSON value; pattern is the compiled operand of MATCHES.
 */
public record PropertyCondition(String key, PropertyOperator operator, Object operand, Pattern pattern) {

    public boolean holds(Map<String, Object> properties) {
        Object value = Json.at(properties, key);
        if (value == null) {
            return false;
        }
        return switch (operator) {
            case EXISTS -> true;
            case EQUALS -> Json.same(value, operand);
            case NOT_EQUALS -> !Json.same(value, operand);
            case GREATER_THAN -> ordered(value) && compare(value) > 0;
            case GREATER_THAN_OR_EQUAL -> ordered(value) && compare(value) >= 0;
            case LESS_THAN -> ordered(value) && compare(value) < 0;
            case LESS_THAN_OR_EQUAL -> ordered(value) && compare(value) <= 0;
            case CONTAINS -> contains(value);
            case MATCHES -> value instanceof String s && pattern.matcher(s).find();
            case IN -> operand instanceof List<?> options && options.stream().anyMatch(o -> Json.same(value, o));
        };
    }

    /** Ordering operators compare numbers only: a property of another type fails them. */
    private boolean ordered(Object value) {
        return value instanceof Double && operand instanceof Double;
    }

    private int compare(Object value) {
        return Double.compare((Double) value, (Double) operand);
    }

    private boolean contains(Object value) {
        if (value instanceof String s) {
            return operand instanceof String o && s.contains(o);
        }
        return value instanceof List<?> list && list.stream().anyMatch(e -> Json.same(e, operand));
    }
}
