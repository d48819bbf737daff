package io.crowsnest.scoring.api;

import java.time.Duration;
import java.util.Currency;

import io.crowsnest.common.v1.RollingWindow;

/** Rolling windows (hours, days of 24 h, weeks of 7 days, months of 30 days) and currency codes. */
final class Windows {

    private Windows() {
    }

    static Duration duration(RollingWindow window) {
        Duration unit = switch (window.getUnit()) {
            case WINDOW_UNIT_HOURS -> Duration.ofHours(1);
            case WINDOW_UNIT_DAYS -> Duration.ofDays(1);
            case WINDOW_UNIT_WEEKS -> Duration.ofDays(7);
            case WINDOW_UNIT_MONTHS -> Duration.ofDays(30);
            default -> throw new IllegalArgumentException("window unit " + window.getUnit() + " was not checked");
        };
        return unit.multipliedBy(window.getLength());
    }

    static void check(RollingWindow window, boolean present, String path, Checks checks) {
        if (!present) {
            checks.add(path, "is required: a length and a unit");
            return;
        }
        if (window.getLength() < 1) {
            checks.add(path + ".length", "must be at least 1, got " + window.getLength());
        }
        switch (window.getUnit()) {
            case WINDOW_UNIT_HOURS, WINDOW_UNIT_DAYS, WINDOW_UNIT_WEEKS, WINDOW_UNIT_MONTHS -> {
            }
            default -> checks.add(path + ".unit", "must be HOURS, DAYS, WEEKS or MONTHS");
        }
    }

    static boolean isCurrency(String code) {
        if (!code.matches("[A-Z]{3}")) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static void currency(String code, String field, Checks checks) {
        if (!isCurrency(code)) {
            checks.add(field, code.isEmpty() ? "is required" : "is not an ISO 4217 currency code: '" + code + "'");
        }
    }
}
