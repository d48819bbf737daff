package io.crowsnest.profile.domain;

import static io.crowsnest.profile.domain.FactsTest.fact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class MergesTest {

    @Test
    void aMergeRecordsEveryDifferingValueAndWhichSideWon() {
        Map<String, Fact> survivor = new TreeMap<>(Map.of("given_name", fact("Jane", 10), "country", fact("FR", 20),
                "language", fact("fr", 1)));
        Map<String, Fact> merged = new TreeMap<>(Map.of("given_name", fact("Janet", 15), "country", fact("BE", 5),
                "language", fact("fr", 30), "city", fact("Lyon", 1)));
        List<Change> changes = Merges.merge(survivor, merged);
        assertEquals(List.of("city", "country", "given_name"), changes.stream().map(Change::key).toList(),
                "equal values are no change");
        Change city = changes.get(0);
        assertTrue(city.applied());
        assertNull(city.before());
        Change country = changes.get(1);
        assertFalse(country.applied(), "the survivor's newer value stays; the merged one is kept in history");
        assertEquals("BE", country.supplied().value());
        assertEquals("FR", country.before().value());
        assertTrue(changes.get(2).applied());
        assertEquals("Janet", changes.get(2).supplied().value());
    }

    @Test
    void aMergedClearNewerThanTheSurvivorsValueWinsAndNothingToClearIsNoChange() {
        List<Change> changes = Merges.merge(Map.of("city", fact("Paris", 1)), Map.of("city", fact(null, 2),
                "country", fact(null, 3)));
        assertEquals(1, changes.size());
        assertTrue(changes.get(0).applied());
    }

    @Test
    void anUnmergeRecordsTheValuesThatChangeBack() {
        Map<String, Fact> before = Map.of("given_name", fact("Janet", 15), "country", fact("FR", 20),
                "city", fact("Lyon", 1));
        Map<String, Fact> after = Map.of("given_name", fact("Jane", 10), "country", fact("FR", 20));
        List<Change> changes = Merges.split(before, after);
        assertEquals(List.of("city", "given_name"), changes.stream().map(Change::key).toList());
        assertNull(changes.get(0).supplied(), "the city came with the merged person and leaves with it");
        assertEquals("Jane", changes.get(1).supplied().value());
        assertTrue(changes.stream().allMatch(Change::applied));
    }
}
