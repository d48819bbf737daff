package io.crowsnest.decisioning.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A campaign as its author wrote it, after the request checks.
 *
 * @param channels          channel names (EMAIL, SMS, PUSH, PHONE) in order of preference
 * @param controlPercent    share of the audience held out, 0 to 50
 * @param expectedValue     value of one contact, for governance's arbitration; null = none
 * @param callListTeamId    team whose queue gets the call list; "" without PHONE
 * @param channelCosts      channel name to the cost of one contact sent
 * @param endAt             null = until the audience is processed
 * @param expression        the audience as a CEL expression over the population; "" when the audience is
 *                          the scoring segment segmentId
 * @param maxSize           at most this many persons in the audience, those of the highest expected value
 *                          kept: the expected value of the best campaign action
 *                          eligible for the person (propensity × value, as Decide ranks it); 0 = no limit
 * @param triggered         TRIGGERED mode: the persons who enter the segment between startAt and endAt,
 *                          as they enter; false: ONE_OFF, the segment's members at the start
 */
public record CampaignDefinition(String name, String description, String division, String segmentId,
        List<String> actionIds, List<String> channels, Instant startAt, Instant endAt, SendWindow window,
        List<String> briefingTeamIds, String briefing, int controlPercent, Money expectedValue, String callListTeamId,
        int attributionDays, Map<String, Money> channelCosts, String expression, int maxSize,
        boolean triggered) {

    public CampaignDefinition {
        actionIds = List.copyOf(actionIds);
        channels = List.copyOf(channels);
        briefingTeamIds = List.copyOf(briefingTeamIds);
        channelCosts = Map.copyOf(channelCosts);
    }
}
