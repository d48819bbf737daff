package io.crowsnest.scoring.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.google.re2j.Pattern;

class EventConditionTest {

    private static ObservedEvent event(String type, String referrer, int depth, Map<String, Object> properties,
            Money paid) {
        return new ObservedEvent("e1", "p1", type, "WEB", Instant.parse("2026-01-01T00:00:00Z"), "web-analytics",
                referrer, "s1", depth, 30, properties, paid);
    }

    private static EventCondition condition(List<PropertyCondition> properties) {
        return new EventCondition(Set.of(), Set.of(), Set.of(), null, 0, 0, 0, 0, properties, null);
    }

    private static PropertyCondition property(String key, PropertyOperator op, Object operand) {
        return new PropertyCondition(key, op, operand, op == PropertyOperator.MATCHES
                ? Pattern.compile((String) operand) : null);
    }

    @Test
    void anEmptyConditionMatchesEveryEvent() {
        assertTrue(condition(List.of()).matches(event("page_view", "", 0, Map.of(), null)));
    }

    @Test
    void typesChannelsSourcesReferrerAndDepthsMustAllHold() {
        EventCondition c = new EventCondition(Set.of("page_view"), Set.of("WEB"), Set.of("web-analytics"),
                Pattern.compile("(^|\\.)google\\."), 2, 4, 10, 0, List.of(), null);
        assertTrue(c.matches(event("page_view", "https://www.google.com/search", 3, Map.of(), null)));
        assertFalse(c.matches(event("search", "https://www.google.com/search", 3, Map.of(), null)));
        assertFalse(c.matches(event("page_view", "https://bing.com", 3, Map.of(), null)));
        assertFalse(c.matches(event("page_view", "https://www.google.com", 5, Map.of(), null)));
        assertFalse(c.matches(event("page_view", "https://www.google.com", 1, Map.of(), null)));
    }

    @Test
    void propertyOperatorsCompareJsonValuesAndAMissingPropertyFailsThemAll() {
        Map<String, Object> props = Map.of("plan", "premium-gold", "amount", 42.0, "tags", List.of("a", "b"),
                "product", Map.of("category", "cards"), "nothing", Json.NULL);
        assertTrue(condition(List.of(property("plan", PropertyOperator.EQUALS, "premium-gold"))).matches(
                event("x", "", 0, props, null)));
        assertTrue(condition(List.of(property("product.category", PropertyOperator.IN, List.of("loans", "cards"))))
                .matches(event("x", "", 0, props, null)));
        assertTrue(condition(List.of(property("amount", PropertyOperator.GREATER_THAN_OR_EQUAL, 42.0),
                property("amount", PropertyOperator.LESS_THAN, 50.0))).matches(event("x", "", 0, props, null)));
        assertFalse(condition(List.of(property("plan", PropertyOperator.GREATER_THAN, 1.0))).matches(
                event("x", "", 0, props, null)));
        assertTrue(condition(List.of(property("tags", PropertyOperator.CONTAINS, "b"),
                property("plan", PropertyOperator.CONTAINS, "gold"),
                property("plan", PropertyOperator.MATCHES, "^premium-"))).matches(event("x", "", 0, props, null)));
        assertTrue(condition(List.of(property("nothing", PropertyOperator.EXISTS, null))).matches(
                event("x", "", 0, props, null)));
        for (PropertyOperator op : PropertyOperator.values()) {
            Object operand = op == PropertyOperator.IN ? List.of(1.0) : op == PropertyOperator.MATCHES ? "." : 1.0;
            assertFalse(condition(List.of(property("missing", op, operand))).matches(event("x", "", 0, props, null)),
                    op.name());
        }
        assertFalse(condition(List.of(property("amount", PropertyOperator.EQUALS, "42"))).matches(
                event("x", "", 0, props, null)), "same JSON type and value");
    }

    @Test
    void aMinimumPurchaseNeedsTheSameCurrencyAndAtLeastTheAmount() {
        EventCondition c = new EventCondition(Set.of(), Set.of(), Set.of(), null, 0, 0, 0, 0, List.of(),
                new Money("EUR", 5000));
        assertTrue(c.matches(event("purchase", "", 0, Map.of(), new Money("EUR", 5000))));
        assertFalse(c.matches(event("purchase", "", 0, Map.of(), new Money("EUR", 4999))));
        assertFalse(c.matches(event("purchase", "", 0, Map.of(), new Money("USD", 9000))));
        assertFalse(c.matches(event("purchase", "", 0, Map.of(), null)));
    }
}
