package io.crowsnest.decisioning.domain;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One audience member of a campaign and what happened to them.
 *
 * @param partition     the person-id partition the member was read from
 * @param actionId      the action chosen; "" before the decision or when none was eligible
 * @param channel       the channel chosen; "" before
 * @param blockedCodes  governance reason codes when BLOCKED (or why no action was eligible)
 * @param contactedAt   when the message was sent; null before
 * @param responses     response types recorded (DELIVERED, OPENED, CLICKED, RESPONDED, CONVERTED)
 * @param revenueMinor  sum of conversion values in minor units of the reporting currency
 * @param content       the message rendered when the member was decided; null before or for a call
 */
public record CampaignMember(String campaignId, String personId, int partition, CampaignGroup group,
        MemberState state, String actionId, String channel, String decisionId, String reservationId,
        List<String> blockedCodes, Instant stagedAt, Instant contactedAt, Set<String> responses, long revenueMinor,
        RenderedContent content) {

    public CampaignMember {
        blockedCodes = List.copyOf(blockedCodes);
        responses = Set.copyOf(responses);
    }

    /**
     * The idempotency key under which this member's reservation is released: the campaign and the
     * reservation (an opaque id), never the person's id, so the key contact-governance keeps names
     * nobody; the same for the same reservation on every replica and after a restart, so a release
     * retried after a crash is the same call.
     */
    public String releaseKey() {
        return "cmp:" + campaignId + ":" + reservationId + ":release";
    }
}
