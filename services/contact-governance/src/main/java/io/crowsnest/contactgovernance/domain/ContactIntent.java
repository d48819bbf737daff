package io.crowsnest.contactgovernance.domain;

import java.time.Instant;

/**
 * A contact someone wants to make, already resolved to a person and validated.
 *
 * @param campaignId        empty when none
 * @param at                the instant evaluated (planned or contacted instant), UTC
 * @param requestedTimeZone the caller's IANA zone for quiet hours; null when none given
 */
public record ContactIntent(String personId, Channel channel, String division, Category category, String campaignId,
        Instant at, String requestedTimeZone) {

    public ContactIntent at(Instant instant) {
        return new ContactIntent(personId, channel, division, category, campaignId, instant, requestedTimeZone);
    }

    /** The same contact for the person the request's reference resolved to. */
    public ContactIntent forPerson(String resolvedPersonId) {
        return new ContactIntent(resolvedPersonId, channel, division, category, campaignId, at, requestedTimeZone);
    }

    public ContactIntent as(Category other) {
        return new ContactIntent(personId, channel, division, other, campaignId, at, requestedTimeZone);
    }
}
