package io.crowsnest.scoring.api;

import java.util.Currency;

import io.crowsnest.common.v1.RollingWindow;
import io.crowsnest.platform.grpc.RequestChecks;

/** Checks of rolling windows (hours, days, weeks or months, length at least 1) and ISO 4217 currency codes. */
final class WindowChecks {

    private WindowChecks() {
    }

    static void check(RollingWindow window, boolean present, String path, RequestChecks checks) {
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

    static void currency(String code, String field, RequestChecks checks) {
        if (!isCurrency(code)) {
            checks.add(field, code.isEmpty() ? "is required" : "is not an ISO 4217 currency code: '" + code + "'");
        }
    }
}
