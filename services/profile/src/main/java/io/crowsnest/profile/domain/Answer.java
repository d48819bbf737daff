package io.crowsnest.profile.domain;

import java.time.Instant;

/**
 * A customer's answer to a question, kept so that nobody asks it again.
 *
 * @param id         opaque id assigned by profile
 * @param questionId the question, as decisioning defines it
 * @param value      a String, a Double, a Boolean or a List of Strings
 * @param answeredAt when the customer answered
 * @param channel    channel name on which they answered
 * @param source     system that recorded it
 * @param agentId    agent who took it; empty when none
 * @param recordedAt when profile stored it
 */
public record Answer(String id, String questionId, Object value, Instant answeredAt, String channel, String source,
        String agentId, Instant recordedAt) {
}
