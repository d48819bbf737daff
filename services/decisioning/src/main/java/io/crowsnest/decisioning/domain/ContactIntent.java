package io.crowsnest.decisioning.domain;

/**
 * A contact decisioning asks contact-governance about (check or reserve): who, on which channel, for
 * which division and category, and what for.
 *
 * @param channel       channel name (EMAIL, PHONE...)
 * @param category      contact category name (MARKETING, SERVICE...)
 * @param timeZone      the person's time zone for quiet hours; "" for governance's default
 * @param campaignId    "" outside campaigns
 * @param expectedValue null when unknown
 */
public record ContactIntent(PersonRef person, String channel, String division, String category, String timeZone,
        String agentId, String actionId, String campaignId, Money expectedValue) {
}
