package io.crowsnest.profile.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Year;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class UpdateRulesTest {

    private static final Year YEAR = Year.of(2026);

    @Test
    void eachPathIsSettableListedOnceAndItsValueFollowsTheAttributeRules() {
        List<PropertyRules.Problem> problems = UpdateRules.check(List.of(supplied("city", "Lyon"),
                supplied("shoe_size", null), supplied("city", "Paris"), supplied("country", "fr"),
                new UpdateRules.Supplied("custom.note", null, true), supplied("custom.tier", "gold")), List.of(),
                List.of(), List.of(), YEAR);
        assertEquals(List.of("paths[1]", "paths[2]", "attributes.country", "attributes.custom.note"), paths(problems));
        assertEquals("ATTRIBUTE_PATH_UNKNOWN", problems.get(0).reason());
        assertEquals(null, problems.get(1).reason());
    }

    @Test
    void aProductIsUpsertedOrRemovedOnceAndARelationshipUpsertedOnce() {
        assertEquals(List.of("upsert_products[1].product_id", "remove_product_ids[0]", "remove_product_ids[1]"),
                paths(UpdateRules.check(List.of(), List.of("visa-gold", "visa gold"), List.of("visa-gold", ""),
                        List.of(), YEAR)));
        assertEquals(List.of("upsert_relationships[1].division.id"),
                paths(UpdateRules.check(List.of(), List.of(), List.of(), List.of("cards", "cards"), YEAR)));
    }

    @Test
    void aRequestChangingNothingIsRefused() {
        assertEquals(List.of("paths"), paths(UpdateRules.check(List.of(), List.of(), List.of(), List.of(), YEAR)));
        assertEquals(List.of(), paths(UpdateRules.check(List.of(supplied("city", null)), List.of(), List.of(),
                List.of(), YEAR)), "a path given empty clears the attribute");
    }

    private static UpdateRules.Supplied supplied(String path, Object value) {
        return new UpdateRules.Supplied(path, value, false);
    }

    private static List<String> paths(List<PropertyRules.Problem> problems) {
        List<String> paths = new ArrayList<>();
        problems.forEach(p -> paths.add(p.path()));
        return paths;
    }
}
