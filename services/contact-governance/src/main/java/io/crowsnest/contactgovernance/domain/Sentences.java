package io.crowsnest.contactgovernance.domain;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** How the rules write instants and durations in the sentences of a verdict. */
final class Sentences {

    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm");

    private Sentences() {
    }

    /** "2026-11-23 18:00 Europe/Paris": the instant in the zone the verdict speaks in. */
    static String local(Instant instant, GovernanceRules.Zone zone) {
        return LOCAL.format(instant.atZone(zone.id())) + " " + zone.id().getId();
    }

    /** "48 h", "2 d 3 h", "15 min". */
    static String duration(long seconds) {
        if (seconds < 3600) {
            return Math.max(1, seconds / 60) + " min";
        }
        if (seconds < 172800) {
            return (seconds / 3600) + " h";
        }
        long days = seconds / 86400;
        long hours = (seconds % 86400) / 3600;
        return hours == 0 ? days + " d" : days + " d " + hours + " h";
    }
}
