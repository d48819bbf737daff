package io.crowsnest.profile.domain;

import java.time.Year;
import java.time.ZoneId;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules on the value of a settable attribute (plain Java: a String, an Integer for the
 * whole-number demographics, JSON values for custom ones): text lengths, a BCP 47 language tag, an
 * IANA time zone, an ISO 3166-1 alpha-2 country, a birth year from 1900 to this year, a household
 * of 1 to 20, an income band [A-Za-z0-9._-]{1,64}; custom values follow {@link PropertyRules}.
 * A null value clears the attribute and breaks no rule.
 */
public final class AttributeRules {

    private static final Pattern INCOME_BAND = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Map<String, Integer> TEXT_LIMITS = Map.of("given_name", 100, "family_name", 100, "city", 100,
            "postal_code", 16, "demographics.gender", 32, "demographics.occupation", 64,
            "demographics.marital_status", 32);

    private AttributeRules() {
    }

    /** Every broken rule of the value at the attribute path, reported at {@code field}. */
    public static List<PropertyRules.Problem> check(String path, Object value, String field, Year thisYear) {
        if (value == null) {
            return List.of();
        }
        if (TEXT_LIMITS.containsKey(path)) {
            int max = TEXT_LIMITS.get(path);
            String text = (String) value;
            return text.length() > max ? problem(field, "must be at most " + max + " characters, got " + text.length())
                    : List.of();
        }
        return switch (path) {
            case "language" -> {
                try {
                    new Locale.Builder().setLanguageTag((String) value);
                    yield List.of();
                } catch (IllformedLocaleException e) {
                    yield problem(field, "'" + value + "' is not a BCP 47 language tag");
                }
            }
            case "time_zone" -> ZoneId.getAvailableZoneIds().contains((String) value) ? List.of()
                    : problem(field, "'" + value + "' is not an IANA time zone name");
            case "country" -> COUNTRIES.contains((String) value) ? List.of()
                    : problem(field, "'" + value + "' is not an ISO 3166-1 alpha-2 code (upper case)");
            case "demographics.birth_year" -> {
                int year = (Integer) value;
                yield year < 1900 || year > thisYear.getValue()
                        ? problem(field, "must be between 1900 and " + thisYear.getValue() + ", got " + year)
                        : List.of();
            }
            case "demographics.household_size" -> (Integer) value > 20 || (Integer) value < 1
                    ? problem(field, "must be 1 to 20, got " + value) : List.of();
            case "demographics.income_band" -> {
                String band = (String) value;
                yield band.isEmpty() ? problem(field, "is required")
                        : INCOME_BAND.matcher(band).matches() ? List.of()
                                : problem(field, "must match " + INCOME_BAND.pattern());
            }
            default -> PropertyRules.checkValue(value, field);
        };
    }

    private static List<PropertyRules.Problem> problem(String field, String description) {
        return List.of(new PropertyRules.Problem(field, description));
    }
}
