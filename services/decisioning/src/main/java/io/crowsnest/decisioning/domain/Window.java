package io.crowsnest.decisioning.domain;

import java.time.Duration;

/**
 * A rolling window such as "30 days".
 *
 * @param unit HOURS, DAYS, WEEKS or MONTHS (a month counts 30 days)
 */
public record Window(int length, String unit) {

    public static final Window DEFAULT_COOLDOWN = new Window(30, "DAYS");

    public Duration duration() {
        return switch (unit) {
            case "HOURS" -> Duration.ofHours(length);
            case "WEEKS" -> Duration.ofDays(7L * length);
            case "MONTHS" -> Duration.ofDays(30L * length);
            default -> Duration.ofDays(length);
        };
    }

    /** "30 days", for sentences. */
    public String describe() {
        return length + " " + unit.toLowerCase();
    }
}
