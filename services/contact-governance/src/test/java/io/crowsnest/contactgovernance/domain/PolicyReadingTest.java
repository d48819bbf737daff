package io.crowsnest.contactgovernance.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** How a checked policy reads as the evaluator's rules: windows, default categories, absent parts. */
class PolicyReadingTest {

    private static final PolicyRef REF = new PolicyRef("retail", 3);

    private static <E extends Enum<E>> Choice<E> known(E value) {
        return new Choice<>(value, value.ordinal() + 1, value.name());
    }

    private static PolicyDraft.Window window(int length, ChronoUnit unit) {
        return new PolicyDraft.Window(length, known(unit));
    }

    private static PolicyDraft policy(List<PolicyDraft.FrequencyCap> caps, PolicyDraft.ConsentRules consent,
            PolicyDraft.FatigueRules fatigue) {
        return new PolicyDraft("retail", "Retail", "", "Europe/Zurich",
                List.of(new PolicyDraft.Division("cards", "Cards", 2, List.of(new PolicyDraft.CapShare("weekly", 1)))),
                caps, List.of(new PolicyDraft.MinimumGap("gap", "", new Choice<>(null, 0, "CHANNEL_UNSPECIFIED"), 7200)),
                List.of(new PolicyDraft.QuietHours("night", "", known(Channel.SMS), "22:00", "07:30",
                        List.of(known(DayOfWeek.SATURDAY), known(DayOfWeek.SUNDAY)), List.of())),
                consent, fatigue);
    }

    private static PolicyDraft.FrequencyCap cap(String id, PolicyDraft.Window window, List<Choice<Category>> categories) {
        return new PolicyDraft.FrequencyCap(id, "", known(CapScope.GLOBAL), new Choice<>(null, 0, ""), "", "", 2,
                window, categories);
    }

    @Test
    void windowsReadAsDurationsWithAMonthOfThirtyDaysAndInWords() {
        assertEquals(Duration.ofHours(3), PolicyReading.duration(window(3, ChronoUnit.HOURS)));
        assertEquals(Duration.ofDays(14), PolicyReading.duration(window(2, ChronoUnit.WEEKS)));
        assertEquals(Duration.ofDays(30), PolicyReading.duration(window(1, ChronoUnit.MONTHS)));
        assertEquals("daily", PolicyReading.words(window(1, ChronoUnit.DAYS)));
        assertEquals("weekly", PolicyReading.words(window(1, ChronoUnit.WEEKS)));
        assertEquals("hourly", PolicyReading.words(window(1, ChronoUnit.HOURS)));
        assertEquals("monthly", PolicyReading.words(window(1, ChronoUnit.MONTHS)));
        assertEquals("3-day", PolicyReading.words(window(3, ChronoUnit.DAYS)));
        assertThrows(IllegalArgumentException.class,
                () -> PolicyReading.duration(new PolicyDraft.Window(1, new Choice<>(null, 0, "WINDOW_UNIT_UNSPECIFIED"))));
    }

    @Test
    void aRuleWithoutCategoriesCountsMarketingAndEmptyNamesMeanEachOneSeparately() {
        ContactPolicy rules = PolicyReading.rules(policy(List.of(cap("weekly", window(1, ChronoUnit.WEEKS), List.of()),
                cap("service", window(2, ChronoUnit.DAYS), List.of(known(Category.SERVICE)))), null, null), REF);
        ContactPolicy.FrequencyCap weekly = rules.caps().get(0);
        assertEquals(EnumSet.of(Category.MARKETING), weekly.categories());
        assertEquals(Duration.ofDays(7), weekly.window());
        assertEquals("weekly", weekly.windowWords());
        assertNull(weekly.division());
        assertNull(weekly.campaignId());
        assertNull(weekly.channel());
        assertEquals(EnumSet.of(Category.SERVICE), rules.caps().get(1).categories());
        assertEquals("2-day", rules.caps().get(1).windowWords());
        assertEquals(ZoneId.of("Europe/Zurich"), rules.defaultTimeZone());
        assertEquals(REF, rules.ref());
        assertEquals(1, rules.division("cards").orElseThrow().shareOf("weekly").orElseThrow().maxContacts());
        assertNull(rules.gaps().get(0).channel(), "no channel: the gap holds across channels");
        assertEquals(Duration.ofHours(2), rules.gaps().get(0).minGap());
        ContactPolicy.QuietHours night = rules.quietHours().get(0);
        assertEquals(LocalTime.of(7, 30), night.end());
        assertEquals(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), night.days());
        assertEquals(EnumSet.of(Category.MARKETING), night.categories());
    }

    @Test
    void absentConsentRulesRequireNothingAndAbsentFatigueRulesTightenNothing() {
        ContactPolicy rules = PolicyReading.rules(policy(List.of(), null, null), REF);
        assertTrue(rules.consent().optInRequired().isEmpty());
        assertTrue(rules.consent().doNotContactCategories().isEmpty(), "listed categories have no default");
        assertTrue(rules.fatigue().isEmpty());

        ContactPolicy withBoth = PolicyReading.rules(policy(List.of(), new PolicyDraft.ConsentRules(
                List.of(new PolicyDraft.OptIn(known(Channel.EMAIL), known(Purpose.MARKETING))), List.of(),
                List.of(known(Category.SERVICE))), new PolicyDraft.FatigueRules(window(30, ChronoUnit.DAYS), 86400, 0,
                List.of(), List.of(new PolicyDraft.Threshold("tired", 2.5, 50, List.of("weekly", "weekly"))))), REF);
        assertEquals(Set.of(new ContactPolicy.ChannelPurpose(Channel.EMAIL, Purpose.MARKETING)),
                withBoth.consent().optInRequired());
        assertEquals(EnumSet.of(Category.SERVICE), withBoth.consent().consentExemptCategories());
        ContactPolicy.FatigueRules fatigue = withBoth.fatigue().orElseThrow();
        assertEquals(Duration.ofDays(30), fatigue.window());
        assertEquals(Duration.ofDays(1), fatigue.responseGrace());
        assertEquals(EnumSet.of(Category.MARKETING), fatigue.categories());
        assertEquals(Set.of("weekly"), fatigue.thresholds().get(0).capRuleIds());
    }
}
