package io.crowsnest.decisioning.domain;

import java.util.List;

/**
 * A campaign spec as its author sent it, before the checks: the definition it becomes, and what
 * the definition does not keep (how the audience was chosen, the mode, the days and costs as
 * listed, with their repeats). Enum values left unset arrive as "UNSPECIFIED" (or "UNRECOGNIZED").
 *
 * @param audience        SEGMENT, EXPRESSION, or "" when no audience was given
 * @param mode            ONE_OFF, TRIGGERED or UNSPECIFIED
 * @param sendWindow      whether a send window was given
 * @param days            the send window's days as listed (MONDAY...)
 * @param costs           the channel costs as listed
 * @param attributionDays as sent (0 = 30 days)
 */
public record CampaignDraft(CampaignDefinition definition, String audience, long maxSize, String mode,
        boolean sendWindow, List<String> days, List<ChannelCost> costs, int attributionDays) {

    public CampaignDraft {
        days = List.copyOf(days);
        costs = List.copyOf(costs);
    }

    /** The cost of one contact sent on a channel, as listed. */
    public record ChannelCost(String channel, Money cost) {
    }
}
