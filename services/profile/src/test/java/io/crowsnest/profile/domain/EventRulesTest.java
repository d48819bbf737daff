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
    void anEventNeedsIdentifiersAKnownTypeAndChannelAndACustomTypeOnlyWhenCustom() {
        assertEquals(List.of(), paths(check(event(1, "PAGE_VIEW", "", "WEB", null))));
        assertEquals(List.of("identifiers", "type", "channel"), paths(check(event(0, "", "", "", null))));
        assertEquals(List.of("identifiers", "type", "channel"), paths(check(event(21, null, "", null, null))));
        assertEquals("unknown event type", check(event(1, null, "", "WEB", null)).get(0).description());
        assertEquals(List.of("custom_type"), paths(check(event(1, "CUSTOM", "", "WEB", null))));
        assertEquals(List.of("custom_type"), paths(check(event(1, "CUSTOM", "Loan Simulation", "WEB", null))));
        assertEquals(List.of(), paths(check(event(1, "CUSTOM", "loan_simulation.v2", "WEB", null))));
        assertEquals(List.of("custom_type"), paths(check(event(1, "PAGE_VIEW", "loan_simulation", "WEB", null))));
    }

    @Test
    void onlyPurchasesCarryAnAmountInAnIso4217Currency() {
        assertEquals(List.of(), paths(check(event(1, "PURCHASE", "", "WEB", "EUR"))));
        assertEquals(List.of("amount"), paths(check(event(1, "PAGE_VIEW", "", "WEB", "EUR"))));
        assertEquals(List.of("amount.currency_code"), paths(check(event(1, "PURCHASE", "", "WEB", "EURO"))));
        assertEquals(List.of("amount.currency_code"), paths(check(event(1, "PURCHASE", "", "WEB", "eur"))));
        assertEquals(List.of("amount.currency_code"), paths(check(event(1, "PURCHASE", "", "WEB", "XYZ"))));
    }

    @Test
    void anOccurrenceOutsideTheWindowIsRefusedWithItsReason() {
        Duration skew = Duration.ofMinutes(5);
        Duration retention = Duration.ofDays(395);
        EventRules.Event ahead = new EventRules.Event(1, "PAGE_VIEW", "", "WEB", NOW.plus(Duration.ofMinutes(6)),
                Map.of(), null);
        EventRules.Event old = new EventRules.Event(1, "PAGE_VIEW", "", "WEB", NOW.minus(Duration.ofDays(400)),
                Map.of(), null);
        assertEquals("EVENT_IN_FUTURE", EventRules.check(ahead, NOW, skew, retention).get(0).reason());
        assertEquals("EVENT_TOO_OLD", EventRules.check(old, NOW, skew, retention).get(0).reason());
        assertEquals("occurred_at", EventRules.check(old, NOW, skew, retention).get(0).path());
    }

    private static EventRules.Event event(int identifiers, String type, String customType, String channel,
            String currency) {
        return new EventRules.Event(identifiers, type, customType, channel, NOW, Map.of(), currency);
    }

    private static List<PropertyRules.Problem> check(EventRules.Event event) {
        return EventRules.check(event, NOW, Duration.ofMinutes(5), Duration.ofDays(395));
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
