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

    /** True when the instant falls inside the window, local time (DST-correct). */
    public boolean isOpen(Instant at) {
        ZonedDateTime local = at.atZone(ZoneId.of(timeZone));
        int minute = local.getHour() * 60 + local.getMinute();
        return (days.isEmpty() || days.contains(local.getDayOfWeek())) && minute >= startMinute && minute < endMinute;
    }

    /** The window in words, e.g. "09:00-20:00 Europe/Paris, every day". */
    public String describe() {
        return String.format("%02d:%02d-%02d:%02d %s, %s", startMinute / 60, startMinute % 60, endMinute / 60,
                endMinute % 60, timeZone, days.isEmpty() ? "every day" : days.stream().sorted()
                        .map(d -> d.name().substring(0, 3)).toList().toString());
    }
}
