package io.crowsnest.contactgovernance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.crowsnest.contactgovernance.domain.CapScope;
import io.crowsnest.contactgovernance.domain.Category;
import io.crowsnest.contactgovernance.domain.Channel;
import io.crowsnest.contactgovernance.domain.ConsentState;
import io.crowsnest.contactgovernance.domain.ContactIntent;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.CountedContact;
import io.crowsnest.contactgovernance.domain.FatigueHistory;
import io.crowsnest.contactgovernance.domain.GovernanceRules;
import io.crowsnest.contactgovernance.domain.PolicyRef;
import io.crowsnest.contactgovernance.domain.QuietPeriods;
import io.crowsnest.contactgovernance.domain.Verdict;

/** The rules alone, at chosen instants: fatigue tightening caps, and quiet hours across DST changes. */
class GovernanceRulesTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private static ContactPolicy policy(Optional<ContactPolicy.FatigueRules> fatigue,
            List<ContactPolicy.QuietHours> quiet) {
        return new ContactPolicy(new PolicyRef("unit", 1), PARIS,
                List.of(new ContactPolicy.Division("cards", "Cards", 1, List.of())),
                List.of(new ContactPolicy.FrequencyCap("weekly", "", CapScope.GLOBAL, null, null, null, 4,
                        Duration.ofDays(7), "weekly", EnumSet.of(Category.MARKETING))),
                List.of(), quiet,
                new ContactPolicy.ConsentRules(Set.of(), Set.of(), Set.of()), fatigue);
    }

    private static final ContactPolicy.FatigueRules FATIGUE = new ContactPolicy.FatigueRules(Duration.ofDays(30),
            Duration.ofDays(2), Duration.ZERO, EnumSet.of(Category.MARKETING),
            List.of(new ContactPolicy.FatigueThreshold("tired", 3, 50, Set.of())));

    @Test
    void unansweredContactsTightenTheCapsAndTheVerdictSaysSo() {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        ContactPolicy policy = policy(Optional.of(FATIGUE), List.of());
        List<FatigueHistory.Contact> history = new ArrayList<>();
        List<CountedContact> counted = new ArrayList<>();
        // Three unanswered contacts 10 to 20 days ago (outside the weekly cap), two this week.
        for (int days : new int[] { 20, 15, 10 }) {
            history.add(new FatigueHistory.Contact(now.minus(Duration.ofDays(days)), Category.MARKETING, null));
        }
        for (int days : new int[] { 5, 3 }) {
            Instant at = now.minus(Duration.ofDays(days));
            history.add(new FatigueHistory.Contact(at, Category.MARKETING, null));
            counted.add(new CountedContact("c" + days, at, Channel.EMAIL, "cards", Category.MARKETING, "", false));
        }
        ContactIntent intent = new ContactIntent("p", Channel.EMAIL, "cards", Category.MARKETING, "", now, null);

        GovernanceRules.Inputs tired = new GovernanceRules.Inputs(policy, ConsentState.NONE,
                new FatigueHistory(history, null));
        Verdict verdict = GovernanceRules.evaluate(tired, intent, counted, now);
        assertFalse(verdict.allowed(), "4 per week halved to 2, and 2 were made");
        assertEquals("tired", verdict.fatigue().levelId());
        assertEquals(5, verdict.fatigue().unansweredContacts());
        assertTrue(verdict.fatigue().capsTightened());
        Verdict.Violation cap = verdict.violations().get(0);
        assertTrue(cap.message().contains("limit lowered from 4 by fatigue level 'tired'"), cap.message());
        assertEquals("2", cap.figures().get("limit"));
        assertEquals("4", cap.figures().get("base_limit"));

        // A response after those contacts resets fatigue: the full cap applies again.
        GovernanceRules.Inputs answered = new GovernanceRules.Inputs(policy, ConsentState.NONE,
                new FatigueHistory(history, now.minus(Duration.ofDays(1))));
        Verdict fresh = GovernanceRules.evaluate(answered, intent, counted, now);
        assertTrue(fresh.allowed(), fresh.violations().toString());
        assertEquals("", fresh.fatigue().levelId());
    }

    @Test
    void quietHoursFollowDaylightSavingTime() {
        ContactPolicy.QuietHours night = new ContactPolicy.QuietHours("night", null, LocalTime.of(21, 0),
                LocalTime.of(8, 0), Set.of(), EnumSet.of(Category.MARKETING));
        // Paris leaves summer time in the night of 24 to 25 October 2026: the quiet night lasts 12 h.
        Instant lateSaturday = ZonedDateTime.of(2026, 10, 24, 23, 0, 0, 0, PARIS).toInstant();
        QuietPeriods.Period period = QuietPeriods.containing(night, PARIS, lateSaturday).orElseThrow();
        assertEquals(ZonedDateTime.of(2026, 10, 25, 8, 0, 0, 0, PARIS).toInstant(), period.end());
        assertEquals(Duration.ofHours(12), Duration.between(period.start(), period.end()));
        // And enters it in the night of 28 to 29 March 2026: the quiet night lasts 10 h.
        Instant lateMarch = ZonedDateTime.of(2026, 3, 28, 22, 0, 0, 0, PARIS).toInstant();
        QuietPeriods.Period spring = QuietPeriods.containing(night, PARIS, lateMarch).orElseThrow();
        assertEquals(Duration.ofHours(10), Duration.between(spring.start(), spring.end()));
        // 08:00 local is the same wall-clock time on both sides of the change.
        assertEquals(LocalTime.of(8, 0), spring.end().atZone(PARIS).toLocalTime());
        assertTrue(QuietPeriods.containing(night, PARIS,
                ZonedDateTime.of(2026, 3, 29, 8, 0, 0, 0, PARIS).toInstant()).isEmpty());
    }

    @Test
    void aWholeQuietDayAndTheNextAllowedInstantAfterIt() {
        ContactPolicy.QuietHours sunday = new ContactPolicy.QuietHours("sunday", null, LocalTime.MIDNIGHT,
                LocalTime.MIDNIGHT, Set.of(DayOfWeek.SUNDAY), EnumSet.of(Category.MARKETING));
        ContactPolicy policy = policy(Optional.empty(), List.of(sunday));
        Instant sundayNoon = ZonedDateTime.of(2026, 11, 29, 12, 0, 0, 0, PARIS).toInstant();
        ContactIntent intent = new ContactIntent("p", Channel.EMAIL, "cards", Category.MARKETING, "", sundayNoon,
                null);
        Verdict verdict = GovernanceRules.evaluate(new GovernanceRules.Inputs(policy, ConsentState.NONE,
                FatigueHistory.EMPTY), intent, List.of(), sundayNoon);
        assertFalse(verdict.allowed());
        assertEquals(ZonedDateTime.of(2026, 11, 30, 0, 0, 0, 0, PARIS).toInstant(), verdict.nextAllowedAt());
        // Service contacts are not subject to marketing quiet hours.
        assertTrue(GovernanceRules.evaluate(new GovernanceRules.Inputs(policy, ConsentState.NONE,
                FatigueHistory.EMPTY), intent.as(Category.SERVICE), List.of(), sundayNoon).allowed());
    }

    @Test
    void theNextAllowedInstantWaitsForEveryRuleAtOnce() {
        Instant now = ZonedDateTime.of(2026, 11, 28, 22, 0, 0, 0, PARIS).toInstant();
        ContactPolicy.QuietHours night = new ContactPolicy.QuietHours("night", null, LocalTime.of(21, 0),
                LocalTime.of(8, 0), Set.of(), EnumSet.of(Category.MARKETING));
        ContactPolicy policy = policy(Optional.empty(), List.of(night));
        // The weekly cap frees on Sunday 07:30 (inside the quiet night), so the answer is 08:00.
        List<CountedContact> counted = new ArrayList<>();
        Instant oldest = ZonedDateTime.of(2026, 11, 22, 7, 30, 0, 0, PARIS).toInstant();
        counted.add(new CountedContact("a", oldest, Channel.EMAIL, "cards", Category.MARKETING, "", false));
        for (int i = 1; i <= 3; i++) {
            counted.add(new CountedContact("b" + i, oldest.plus(Duration.ofDays(i)), Channel.EMAIL, "cards",
                    Category.MARKETING, "", false));
        }
        Verdict verdict = GovernanceRules.evaluate(new GovernanceRules.Inputs(policy, ConsentState.NONE,
                FatigueHistory.EMPTY), new ContactIntent("p", Channel.PUSH, "cards", Category.MARKETING, "", now,
                        null), counted, now);
        assertEquals(2, verdict.violations().size());
        assertEquals(ZonedDateTime.of(2026, 11, 29, 8, 0, 0, 0, PARIS).toInstant(), verdict.nextAllowedAt());
    }
}
