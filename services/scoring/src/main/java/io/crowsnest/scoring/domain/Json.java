package io.crowsnest.scoring.domain;

import java.util.List;
import java.util.Map;

/** JSON values as the domain holds them (String, Double, Boolean, List, Map, NULL) and their equality. */
public enum Json {
    /** JSON null. */
    NULL;

    /** Same JSON type and value; numbers compare numerically. */
    public static boolean same(Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) {
            return x.doubleValue() == y.doubleValue();
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.keySet().equals(y.keySet()) && x.keySet().stream().allMatch(k -> same(x.get(k), y.get(k)));
        }
        return a != null && a.equals(b);
    }

    /** The value at a dotted path ("product.category") into nested objects, or null when absent. */
    public static Object at(Map<String, Object> root, String path) {
        Object current = root;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(part)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }
}
