package io.crowsnest.contactgovernance.domain;

import java.time.Instant;
import java.util.Map;

/**
 * What governance holds about a person's consent at the moment of evaluation.
 *
 * @param decisions recorded decisions per channel and purpose (absent = none recorded)
 * @param doNotContact the global flag; null when never set
 * @param timeZone  stored IANA zone; null when none
 * @param revision  increases with every applied change; 0 when nothing was recorded
 */
public record ConsentState(Map<ContactPolicy.ChannelPurpose, Decision> decisions, DoNotContact doNotContact,
        String timeZone, long revision) {

    public static final ConsentState NONE = new ConsentState(Map.of(), null, null, 0);

    public enum Status {
        NONE, OPTED_IN, OPTED_OUT
    }

    /** One recorded decision with its provenance. */
    public record Decision(Status status, Instant observedAt, Instant recordedAt, String source, String agentId) {
    }

    /** The do-not-contact flag with its provenance. */
    public record DoNotContact(boolean active, Instant observedAt, Instant recordedAt, String source, String agentId) {
    }

    public Status statusOf(Channel channel, Purpose purpose) {
        Decision decision = decisions.get(new ContactPolicy.ChannelPurpose(channel, purpose));
        return decision == null ? Status.NONE : decision.status();
    }

    public boolean doNotContactActive() {
        return doNotContact != null && doNotContact.active();
    }
}
