package io.crowsnest.decisioning.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/** An amount in minor units of an ISO 4217 currency. */
public record Money(String currency, long amountMinor) {

    /** The amount in major units (e.g. 12.50 for 1250 cents). */
    public double major() {
        return BigDecimal.valueOf(amountMinor).movePointLeft(digits(currency)).doubleValue();
    }

    /** An amount given in major units, rounded half-even to the minor unit. */
    public static Money ofMajor(String currency, double major) {
        long minor = BigDecimal.valueOf(major).movePointRight(digits(currency)).setScale(0, RoundingMode.HALF_EVEN)
                .longValueExact();
        return new Money(currency, minor);
    }

    /** Display text, e.g. "EUR 12.50". */
    public String display() {
        return currency + " " + BigDecimal.valueOf(amountMinor).movePointLeft(digits(currency)).toPlainString();
    }

    private static int digits(String currency) {
        return Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    }
}
