package io.crowsnest.decisioning.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * When in the local day a campaign may send: [startMinute, endMinute) on the given days (empty =
 * every day), in the time zone given.
 */
public record SendWindow(int startMinute, int endMinute, Set<DayOfWeek> days, String timeZone) {

    public SendWindow {
        days = Set.copyOf(days);
    }

    /** True when the instant falls inside the window, local time of the default zone (DST-correct). */
    public boolean isOpen(Instant at) {
        return isOpen(at, timeZone);
    }

    /** True when the instant falls inside the window in the zone given (a person's own, or the default). */
    public boolean isOpen(Instant at, String zone) {
        ZonedDateTime local = at.atZone(ZoneId.of(zone));
        int minute = local.getHour() * 60 + local.getMinute();
        return (days.isEmpty() || days.contains(local.getDayOfWeek())) && minute >= startMinute && minute < endMinute;
    }

    /** The zone a person's window is read in: the person's own when it is a valid IANA zone, else the default. */
    public String zoneFor(String personZone) {
        if (personZone == null || personZone.isBlank()) {
            return timeZone;
        }
        try {
            return ZoneId.of(personZone).getId();
        } catch (java.time.DateTimeException e) {
            return timeZone;
        }
    }

    /** The window in words, e.g. "09:00-20:00 Europe/Paris, every day". */
    public String describe() {
        return String.format("%02d:%02d-%02d:%02d %s, %s", startMinute / 60, startMinute % 60, endMinute / 60,
                endMinute % 60, timeZone, days.isEmpty() ? "every day" : days.stream().sorted()
                        .map(d -> d.name().substring(0, 3)).toList().toString());
    }
}
