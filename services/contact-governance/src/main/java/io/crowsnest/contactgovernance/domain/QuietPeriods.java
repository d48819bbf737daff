package io.crowsnest.contactgovernance.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Quiet periods of one rule in one time zone. Periods are laid out per local calendar date, so
 * they follow daylight saving time: a bound in a spring-forward gap moves to the first instant
 * after the gap, one in a fall-back overlap takes the earlier instant (java.time's
 * ZonedDateTime.of does exactly that).
 */
public final class QuietPeriods {

    private QuietPeriods() {
    }

    /** A quiet period as instants, [start, end). */
    public record Period(Instant start, Instant end, LocalTime localStart, LocalTime localEnd) {
    }

    /** The period of the rule containing the instant, if any. */
    public static Optional<Period> containing(ContactPolicy.QuietHours rule, ZoneId zone, Instant instant) {
        LocalDate today = instant.atZone(zone).toLocalDate();
        // A period starting yesterday may run past midnight into today.
        for (LocalDate day : new LocalDate[] { today.minusDays(1), today }) {
            Optional<Period> period = periodStartingOn(rule, zone, day);
            if (period.isPresent() && !instant.isBefore(period.get().start())
                    && instant.isBefore(period.get().end())) {
                return period;
            }
        }
        return Optional.empty();
    }

    /** The period that starts on a local date, when the rule has one that day. */
    static Optional<Period> periodStartingOn(ContactPolicy.QuietHours rule, ZoneId zone, LocalDate day) {
        if (!rule.days().isEmpty() && !rule.days().contains(day.getDayOfWeek())) {
            return Optional.empty();
        }
        Instant start = ZonedDateTime.of(LocalDateTime.of(day, rule.start()), zone).toInstant();
        LocalDate endDay = rule.end().isAfter(rule.start()) ? day : day.plusDays(1);
        Instant end = ZonedDateTime.of(LocalDateTime.of(endDay, rule.end()), zone).toInstant();
        if (!end.isAfter(start)) {
            end = start.plus(Duration.ofHours(24));
        }
        return Optional.of(new Period(start, end, rule.start(), rule.end()));
    }
}
