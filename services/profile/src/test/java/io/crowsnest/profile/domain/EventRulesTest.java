package io.crowsnest.profile.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class EventRulesTest {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void occurredAtMayBeWithinTheSkewAheadAndWithinRetentionBehind() {
        Duration skew = Duration.ofMinutes(5);
        Duration retention = Duration.ofDays(395);
        assertEquals(EventTime.Verdict.OK, EventTime.check(NOW.plus(skew), NOW, skew, retention));
        assertEquals(EventTime.Verdict.IN_FUTURE, EventTime.check(NOW.plus(skew).plusMillis(1), NOW, skew, retention));
        assertEquals(EventTime.Verdict.OK, EventTime.check(NOW.minus(retention), NOW, skew, retention));
        assertEquals(EventTime.Verdict.TOO_OLD, EventTime.check(NOW.minus(retention).minusMillis(1), NOW, skew,
                retention));
    }

    @Test
    void propertiesFollowTheGenericRulesAndWellKnownKeysTheirTypes() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("url", "https://shop.example.com/a");
        props.put("page_depth", 2.0);
        props.put("anything", Map.of("free", List.of("x", 1.0, true)));
        assertEquals(List.of(), PropertyRules.check(props, "PAGE_VIEW", "properties"));

        props.put("page_depth", 1.5);
        props.put("url", "/relative");
        props.put("Upper", 1.0);
        props.put("gone", null);
        props.put("nan", Double.NaN);
        assertEquals(List.of("properties.url", "properties.page_depth", "properties.Upper", "properties.gone",
                "properties.nan"), paths(PropertyRules.check(props, "PAGE_VIEW", "properties")));
        assertEquals(List.of(), paths(PropertyRules.check(Map.of("page_depth", "two"), "SEARCH", "properties")),
                "page_depth is free on other types");
    }

    @Test
    void nestingAndSizeAreBounded() {
        Object deep = 1.0;
        for (int i = 0; i < 4; i++) {
            deep = List.of(deep);
        }
        assertEquals(List.of(), PropertyRules.check(Map.of("n", deep), "CUSTOM", "properties"));
        assertEquals(List.of("properties.n[0][0][0][0]"),
                paths(PropertyRules.check(Map.of("n", List.of(deep)), "CUSTOM", "properties")));
        Map<String, Object> many = new LinkedHashMap<>();
        for (int i = 0; i < 65; i++) {
            many.put("k" + i, 1.0);
        }
        assertEquals(List.of("properties"), paths(PropertyRules.check(many, "CUSTOM", "properties")));
        assertEquals(List.of("properties.s"),
                paths(PropertyRules.check(Map.of("s", "x".repeat(4097)), "CUSTOM", "properties")));
    }

    @Test
    void wellKnownTypesAreChecked() {
        assertTrue(WellKnownProperties.problem("CART_ADD", "quantity", 0.0).isPresent());
        assertTrue(WellKnownProperties.problem("CART_ADD", "quantity", 2.0).isEmpty());
        assertTrue(WellKnownProperties.problem("SOCIAL_MENTION", "sentiment", 1.5).isPresent());
        assertTrue(WellKnownProperties.problem("CALL_CENTRE_CALL", "direction", "sideways").isPresent());
        assertTrue(WellKnownProperties.problem("PURCHASE", "product_ids", List.of("a", 1.0)).isPresent());
        assertTrue(WellKnownProperties.problem("PURCHASE", "product_ids", List.of("a", "b")).isEmpty());
    }

    @Test
    void backOffDoublesUpToItsCap() {
        Duration initial = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(10);
        assertEquals(Duration.ofSeconds(1), Backoff.after(1, initial, max, 0));
        assertEquals(Duration.ofSeconds(4), Backoff.after(3, initial, max, 0));
        assertEquals(Duration.ofSeconds(10), Backoff.after(60, initial, max, 0));
        assertEquals(Duration.ofMillis(4400), Backoff.after(3, initial, max, 0.5), "plus half of 20 % jitter");
    }

    private static List<String> paths(List<PropertyRules.Problem> problems) {
        List<String> paths = new ArrayList<>();
        problems.forEach(p -> paths.add(p.path()));
        return paths;
    }
}
