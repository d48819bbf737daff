package io.crowsnest.decisioning.domain;

import java.util.Map;

/** Counts of a campaign's members per state, as its progress shows them. */
public record CampaignProgress(long audience, long processed, long pending, long control, long universalControl,
        long noEligibleAction, long blocked, long reserved, long sent, long failed) {

    public static CampaignProgress of(Map<MemberState, Long> byState, long control, long universal) {
        long audience = byState.entrySet().stream().filter(e -> e.getKey().inAudience())
                .mapToLong(Map.Entry::getValue).sum();
        long pending = n(byState, MemberState.STAGED) + n(byState, MemberState.RESERVING)
                + n(byState, MemberState.RESERVED) + n(byState, MemberState.OUTSIDE_WINDOW);
        long sent = n(byState, MemberState.SENT);
        long failed = n(byState, MemberState.FAILED);
        return new CampaignProgress(audience, audience - pending, pending, control, universal,
                n(byState, MemberState.NO_ELIGIBLE_ACTION), n(byState, MemberState.BLOCKED),
                n(byState, MemberState.RESERVED) + sent + failed, sent, failed);
    }

    private static long n(Map<MemberState, Long> byState, MemberState s) {
        return byState.getOrDefault(s, 0L);
    }
}
