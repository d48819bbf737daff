package io.crowsnest.contactgovernance.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * One counting rule made concrete for one request: which of the person's contacts it counts and
 * how many it admits. The same rule runs in the Redis script (atomically, when capacity is taken)
 * and in {@link GovernanceRules} (to explain verdicts), so both must count alike:
 *
 * <p>A contact c counts when it matches the filter (null = any) and |c.at - t| &lt; window. The
 * request at t is admitted when fewer than limit contacts count. Checking both sides of t keeps the
 * cap exact for every rolling window even with reservations planned ahead: in any window of the
 * given length, the contact admitted last saw all the others within its band.
 *
 * @param capRuleId rule id of the frequency cap (for a share, the cap it is a share of)
 * @param share     true when this is a division's share of the cap
 * @param baseLimit the policy's limit before fatigue
 * @param limit     the limit in force (after fatigue)
 */
public record CounterRule(String capRuleId, boolean share, CapScope scope, Channel channel, String division,
        String campaignId, Set<Category> categories, Duration window, String windowWords, int baseLimit, int limit,
        boolean tightened) {

    public boolean counts(CountedContact c, Instant t) {
        return matches(c) && Math.abs(Duration.between(t, c.at()).toMillis()) < window.toMillis();
    }

    public boolean matches(CountedContact c) {
        return categories.contains(c.category())
                && (channel == null || channel == c.channel())
                && (division == null || division.equals(c.division()))
                && (campaignId == null || campaignId.equals(c.campaignId()));
    }
}
