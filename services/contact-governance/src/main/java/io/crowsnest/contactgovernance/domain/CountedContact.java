package io.crowsnest.contactgovernance.domain;

import java.time.Instant;

/**
 * A contact that counters count: a ledger entry (made) or a held reservation (planned). Held
 * reservations count at their planned instant.
 *
 * @param id         ledger entry id or reservation id
 * @param at         when the contact was or will be made (UTC)
 * @param campaignId empty when none
 */
public record CountedContact(String id, Instant at, Channel channel, String division, Category category,
        String campaignId, boolean held) {
}
