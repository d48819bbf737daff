package io.crowsnest.profile.domain;

import java.time.Year;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules on what one UpdateAttributes asks: at least one change; each path settable
 * ({@link AttributePaths}) and listed once, its value by {@link AttributeRules}, a custom attribute
 * cleared by leaving it out rather than by null; product ids {@code [A-Za-z0-9._-]{1,64}}, each
 * upserted or removed once; each division's relationship upserted once. (The fields of products and
 * relationships, the division ids and the fields every contract shares are checked by api/.)
 */
public final class UpdateRules {

    private UpdateRules() {
    }

    /**
     * One of the request's paths: its value in the request (plain; null clears), and whether that
     * value was given as an explicit JSON null (only a custom attribute can be).
     */
    public record Supplied(String path, Object value, boolean explicitNull) {
    }

    /**
     * Every broken rule, at its request path: the paths in request order, the ids of the products
     * upserted, then removed, and the division ids of the relationships upserted.
     */
    public static List<PropertyRules.Problem> check(List<Supplied> paths, List<String> upsertedProducts,
            List<String> removedProducts, List<String> relationships, Year thisYear) {
        List<PropertyRules.Problem> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < paths.size(); i++) {
            Supplied s = paths.get(i);
            if (!AttributePaths.settable(s.path())) {
                problems.add(new PropertyRules.Problem("paths[" + i + "]", "unknown attribute path '" + s.path() + "'",
                        "ATTRIBUTE_PATH_UNKNOWN"));
            } else if (!seen.add(s.path())) {
                problems.add(new PropertyRules.Problem("paths[" + i + "]", "'" + s.path() + "' is listed twice"));
            } else if (AttributePaths.isCustom(s.path()) && s.explicitNull()) {
                problems.add(new PropertyRules.Problem("attributes." + s.path(),
                        "null is not stored; leave the key out of attributes.custom to clear it"));
            } else {
                problems.addAll(AttributeRules.check(s.path(), s.value(), "attributes." + s.path(), thisYear));
            }
        }
        Set<String> products = new HashSet<>();
        for (int i = 0; i < upsertedProducts.size(); i++) {
            product(upsertedProducts.get(i), "upsert_products[" + i + "].product_id", products, problems);
        }
        for (int i = 0; i < removedProducts.size(); i++) {
            product(removedProducts.get(i), "remove_product_ids[" + i + "]", products, problems);
        }
        Set<String> divisions = new HashSet<>();
        for (int i = 0; i < relationships.size(); i++) {
            if (!divisions.add(relationships.get(i))) {
                problems.add(new PropertyRules.Problem("upsert_relationships[" + i + "].division.id",
                        "'" + relationships.get(i) + "' is upserted twice"));
            }
        }
        if (paths.size() + upsertedProducts.size() + removedProducts.size() + relationships.size() == 0) {
            problems.add(new PropertyRules.Problem("paths", "no change requested: give paths, upsert_products, "
                    + "remove_product_ids or upsert_relationships"));
        }
        return problems;
    }

    private static void product(String id, String field, Set<String> seen, List<PropertyRules.Problem> problems) {
        if (id.isEmpty() || !AttributePaths.PRODUCT_ID.matcher(id).matches()) {
            problems.add(new PropertyRules.Problem(field, id.isEmpty() ? "is required"
                    : "must match " + AttributePaths.PRODUCT_ID.pattern()));
        }
        if (!seen.add(id)) {
            problems.add(new PropertyRules.Problem(field, "'" + id + "' is upserted or removed twice"));
        }
    }
}
