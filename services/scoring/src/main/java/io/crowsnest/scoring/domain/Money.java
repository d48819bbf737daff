package io.crowsnest.scoring.domain;

/** An exact amount: ISO 4217 currency and minor units (cents). */
public record Money(String currency, long amountMinor) {
}
