package io.crowsnest.alertnotification.domain;

import java.time.Instant;
import java.util.List;

/** The alert document of a campaign briefing. Channels are the contract's channel names. */
public record Briefing(String campaignName, long audienceSize, String audienceDescription, String offer,
        List<String> channels, Instant startsAt, Instant endsAt, List<String> talkingPoints,
        List<Question> likelyQuestions, String howToRespond) {

    /** A question customers are likely to ask, with its answer. */
    public record Question(String question, String answer) {
    }

    /** One agent's acknowledgement. */
    public record Acknowledgement(String agentId, Instant at, String note) {
    }
}
