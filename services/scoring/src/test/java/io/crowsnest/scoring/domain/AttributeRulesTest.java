package io.crowsnest.scoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Profile's rules for attribute values, as scoring applies them to a pushed snapshot. */
class AttributeRulesTest {

    private static List<String> check(Map<String, Object> attributes) {
        List<String> found = new ArrayList<>();
        AttributeRules.check(attributes, new Violations() {
            @Override
            public void add(String field, String description) {
                found.add(field + ": " + description);
            }

            @Override
            public void add(String field, String description, String reason) {
                found.add(field + ": " + description + " [" + reason + "]");
            }

            @Override
            public void pattern(String value, Pattern pattern, String field, String rule) {
            }

            @Override
            public void length(String value, int min, int max, String field) {
            }
        });
        return found;
    }

    @Test
    void plainValuesUnderProfilePathsPass() {
        assertEquals(List.of(), check(Map.of("country", "FR", "demographics.birth_year", 1984.0, "vip", true,
                "tags", List.of("a", "b"), "address", Map.of("city", "Paris"))));
    }

    @Test
    void eachBadValueIsReportedOnItsPathInPathOrder() {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("Bad Path", "x");
        attributes.put("score", Double.NaN);
        attributes.put("nickname", null);
        attributes.put("deep", List.of(List.of(List.of(List.of(List.of("too deep"))))));
        attributes.put("note", "x".repeat(4097));
        attributes.put("list", Arrays.asList("ok", null));
        assertEquals(List.of(
                "attributes[Bad Path]: is not a profile attribute path ([a-z][a-z0-9_]{0,63}, optionally followed by"
                        + " '.' and another such key)",
                "attributes[deep][0][0][0][0]: lists and objects nest at most 4 levels",
                "attributes[list][1]: must not be null: leave an attribute that is not set out",
                "attributes[nickname]: must not be null: leave an attribute that is not set out",
                "attributes[note]: strings are at most 4096 characters, got 4097",
                "attributes[score]: must be a finite number"), check(attributes));
    }
}
