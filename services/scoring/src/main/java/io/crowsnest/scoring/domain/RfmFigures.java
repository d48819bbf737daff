package io.crowsnest.scoring.domain;

import java.time.Instant;

/**
 * A person's purchases in the RFM window: how many (every purchase event), the net amount in the
 * reporting currency (other currencies are not converted) and the latest; null last when none.
 */
public record RfmFigures(long count, long monetaryMinor, Instant lastPurchase) {

    public static RfmFigures of(PersonState state, ValueModel model, Instant now) {
        Instant from = now.minus(model.rfmWindow());
        long count = 0;
        long amount = 0;
        Instant last = null;
        for (Purchase p : state.purchases()) {
            if (p.occurredAt().isAfter(from) && !p.occurredAt().isAfter(now)) {
                count++;
                if (p.amount() != null && p.amount().currency().equals(model.currency())) {
                    amount += p.amount().amountMinor();
                }
                last = last == null || p.occurredAt().isAfter(last) ? p.occurredAt() : last;
            }
        }
        return new RfmFigures(count, amount, last);
    }

    public boolean any() {
        return count > 0;
    }

    public long secondsSinceLast(Instant now) {
        return Math.max(0, now.getEpochSecond() - lastPurchase.getEpochSecond());
    }
}
