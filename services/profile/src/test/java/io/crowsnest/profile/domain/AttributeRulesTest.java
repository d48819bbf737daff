package io.crowsnest.profile.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Year;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AttributeRulesTest {

    private static final Year THIS_YEAR = Year.of(2026);

    @Test
    void wellFormedValuesAndClearedOnesPass() {
        Map<String, Object> good = Map.of("given_name", "Jane", "language", "fr-CA", "time_zone", "Europe/Paris",
                "country", "FR", "demographics.birth_year", 1980, "demographics.household_size", 3,
                "demographics.income_band", "B2", "custom.loyalty_tier", "gold");
        good.forEach((path, value) -> assertEquals(List.of(), AttributeRules.check(path, value, "attributes." + path,
                THIS_YEAR), path));
        assertEquals(List.of(), AttributeRules.check("country", null, "attributes.country", THIS_YEAR));
    }

    @Test
    void eachBrokenRuleIsReportedAtTheAttributesField() {
        assertEquals(List.of(new PropertyRules.Problem("attributes.postal_code", "must be at most 16 characters, got 17")),
                AttributeRules.check("postal_code", "x".repeat(17), "attributes.postal_code", THIS_YEAR));
        assertEquals(List.of(new PropertyRules.Problem("attributes.country",
                "'fr' is not an ISO 3166-1 alpha-2 code (upper case)")),
                AttributeRules.check("country", "fr", "attributes.country", THIS_YEAR));
        assertEquals(List.of(new PropertyRules.Problem("attributes.demographics.birth_year",
                "must be between 1900 and 2026, got 2027")),
                AttributeRules.check("demographics.birth_year", 2027, "attributes.demographics.birth_year", THIS_YEAR));
        assertEquals(List.of(new PropertyRules.Problem("attributes.time_zone", "'Mars/Olympus' is not an IANA time zone name")),
                AttributeRules.check("time_zone", "Mars/Olympus", "attributes.time_zone", THIS_YEAR));
        assertEquals(List.of(new PropertyRules.Problem("attributes.demographics.income_band",
                "must match [A-Za-z0-9._-]{1,64}")),
                AttributeRules.check("demographics.income_band", "a b", "attributes.demographics.income_band", THIS_YEAR));
    }
}
