package io.crowsnest.decisioning.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The funnel of one report line (a channel, an action on a channel, or the totals), counted from
 * the target members one at a time; every count is of persons.
 */
public final class CampaignFunnel {

    public long audience;
    public long noEligibleAction;
    public long blocked;
    public final Map<String, Long> blockedByReason = new LinkedHashMap<>();
    public long reserved;
    public long sent;
    public long failed;
    public long delivered;
    public long opened;
    public long clicked;
    public long responded;
    public long converted;
    public long revenueMinor;

    /** Counts one target member into the line. */
    public void add(CampaignMember m) {
        audience++;
        switch (m.state()) {
            case NO_ELIGIBLE_ACTION -> noEligibleAction++;
            case BLOCKED -> {
                blocked++;
                m.blockedCodes().forEach(code -> blockedByReason.merge(code, 1L, Long::sum));
            }
            case SENT -> {
                reserved++;
                sent++;
            }
            case FAILED, RESERVED -> reserved++;
            default -> {
            }
        }
        if (m.state() == MemberState.FAILED) {
            failed++;
        }
        delivered += m.responses().contains("DELIVERED") ? 1 : 0;
        opened += m.responses().contains("OPENED") ? 1 : 0;
        clicked += m.responses().contains("CLICKED") ? 1 : 0;
        responded += m.responses().contains("RESPONDED") ? 1 : 0;
        converted += m.responses().contains("CONVERTED") ? 1 : 0;
        revenueMinor += m.revenueMinor();
    }

    /** Adds another line's counts into this one (an action's lines into its totals). */
    public void add(CampaignFunnel f) {
        audience += f.audience;
        noEligibleAction += f.noEligibleAction;
        blocked += f.blocked;
        f.blockedByReason.forEach((k, n) -> blockedByReason.merge(k, n, Long::sum));
        reserved += f.reserved;
        sent += f.sent;
        failed += f.failed;
        delivered += f.delivered;
        opened += f.opened;
        clicked += f.clicked;
        responded += f.responded;
        converted += f.converted;
        revenueMinor += f.revenueMinor;
    }

    /** sent times the cost of one contact; null without a cost. */
    public Money cost(Money perContact) {
        return perContact == null ? null : new Money(perContact.currency(), perContact.amountMinor() * sent);
    }

    /**
     * What the lines of several channels cost together (a totals line): each line's sent times its
     * channel's cost of one contact, summed over the channels that have a cost; null when none has.
     */
    public static Money costOf(Map<String, CampaignFunnel> byChannel, Map<String, Money> perContact) {
        Money total = null;
        for (Map.Entry<String, CampaignFunnel> line : byChannel.entrySet()) {
            Money cost = line.getValue().cost(perContact.get(line.getKey()));
            if (cost != null) {
                total = total == null ? cost : new Money(cost.currency(), total.amountMinor() + cost.amountMinor());
            }
        }
        return total;
    }

    /** cost / converted, rounded down to the minor unit; null without a cost or a conversion. */
    public Money perConversion(Money cost) {
        return cost == null || converted == 0 ? null : new Money(cost.currency(), cost.amountMinor() / converted);
    }
}
