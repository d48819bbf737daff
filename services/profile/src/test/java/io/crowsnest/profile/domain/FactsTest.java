package io.crowsnest.profile.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FactsTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    static Fact fact(Object value, int observedMinute) {
        return new Fact(value, T0.plusSeconds(60L * observedMinute), T0.plusSeconds(3600), "crm-import", "");
    }

    @Test
    void aNewerValueIsAppliedAnOlderOneKeptInHistoryAndAnEqualOneChangesNothing() {
        Fact current = fact("Jane", 10);
        assertEquals(Facts.Outcome.APPLIED, Facts.decide(current, fact("Janet", 11)));
        assertEquals(Facts.Outcome.APPLIED, Facts.decide(current, fact("Janet", 10)), "same instant: the later write");
        assertEquals(Facts.Outcome.KEPT_IN_HISTORY, Facts.decide(current, fact("Janet", 9)));
        assertEquals(Facts.Outcome.UNCHANGED, Facts.decide(current, fact("Jane", 30)));
        assertEquals(Facts.Outcome.APPLIED, Facts.decide(null, fact("Jane", 1)));
    }

    @Test
    void clearingIsAValueLikeAnyOther() {
        assertEquals(Facts.Outcome.UNCHANGED, Facts.decide(null, fact(null, 5)), "nothing to clear");
        assertEquals(Facts.Outcome.APPLIED, Facts.decide(fact("FR", 5), fact(null, 6)));
        assertEquals(Facts.Outcome.KEPT_IN_HISTORY, Facts.decide(fact("FR", 5), fact(null, 4)));
        assertEquals(Facts.Outcome.APPLIED, Facts.decide(fact(null, 5), fact("FR", 6)));
    }

    @Test
    void theCurrentValueOverSeveralPersonsIsTheNewestPerKey() {
        Map<String, Fact> survivor = Map.of("given_name", fact("Jane", 10), "country", fact("FR", 20));
        Map<String, Fact> merged = Map.of("given_name", fact("Janet", 15), "country", fact(null, 5),
                "city", fact("Lyon", 1));
        Map<String, Fact> current = Facts.current(List.of(survivor, merged));
        assertEquals("Janet", current.get("given_name").value());
        assertEquals("FR", current.get("country").value());
        assertEquals("Lyon", current.get("city").value());
        assertEquals(current, Facts.current(List.of(merged, survivor)), "order of persons does not matter");
        assertFalse(Facts.present(Map.of("x", fact(null, 1))).containsKey("x"));
    }

    @Test
    void valuesCompareByContent() {
        assertTrue(fact(Map.of("a", List.of(1.0, "b")), 1).sameValue(fact(Map.of("a", List.of(1.0, "b")), 2)));
        assertFalse(fact(1.0, 1).sameValue(fact("1", 1)));
        assertNull(fact(null, 1).value());
    }
}
