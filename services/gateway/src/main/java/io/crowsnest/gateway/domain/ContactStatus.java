package io.crowsnest.gateway.domain;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * What an agent sees before contacting a customer: for one division and category, whether each
 * channel is allowed now, and why not.
 *
 * @param personId the person evaluated (the survivor's id when a merged-away id was given)
 * @param division division id, e.g. "cards"
 * @param category contact category without prefix, e.g. "MARKETING"
 * @param channels one entry per channel asked, in the order asked
 */
public record ContactStatus(@JsonProperty("person_id") String personId, String division, String category,
        List<ChannelStatus> channels) {

    /**
     * @param channel       channel without prefix, e.g. "EMAIL"
     * @param allowed       whether every rule allows the contact now
     * @param reasons       the message of each blocking rule; empty when allowed
     * @param nextAllowedAt when every violation clears (RFC 3339); absent when allowed or blocked
     *                      until a consent change
     * @param verdict       the full contact-governance Verdict, in proto3 JSON
     */
    public record ChannelStatus(String channel, boolean allowed, List<String> reasons,
            @JsonProperty("next_allowed_at") @JsonInclude(JsonInclude.Include.NON_NULL) String nextAllowedAt,
            @JsonRawValue String verdict) {
    }
}
