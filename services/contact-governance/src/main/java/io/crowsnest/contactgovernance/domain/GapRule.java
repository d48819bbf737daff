package io.crowsnest.contactgovernance.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * A minimum gap made concrete for one marketing request: no other marketing contact (made or
 * held) on the channel (null = any) may lie less than minGap before or after it.
 */
public record GapRule(String ruleId, Channel channel, Duration minGap) {

    public boolean conflicts(CountedContact c, Instant t) {
        return c.category() == Category.MARKETING
                && (channel == null || channel == c.channel())
                && Math.abs(Duration.between(t, c.at()).toMillis()) < minGap.toMillis();
    }
}
