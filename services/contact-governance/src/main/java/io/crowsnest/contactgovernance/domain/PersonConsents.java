package io.crowsnest.contactgovernance.domain;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A person's consent record as kept: the standing decision per channel and purpose (in the order
 * they were first recorded), do-not-contact, the person's time zone, and the revision that guards
 * every write.
 *
 * @param doNotContact null when never recorded
 * @param timeZone     empty when none was given
 * @param updatedAt    null while nothing was recorded
 */
public record PersonConsents(String personId, List<ChannelConsent> channelConsents, DoNotContact doNotContact,
        String timeZone, long revision, Instant updatedAt) {

    public PersonConsents {
        channelConsents = List.copyOf(channelConsents);
    }

    /** The record of a person nothing was recorded for: revision 0. */
    public static PersonConsents empty(String personId) {
        return new PersonConsents(personId, List.of(), null, "", 0, null);
    }

    /** The standing decision on one channel for one purpose. */
    public record ChannelConsent(Channel channel, Purpose purpose, ConsentState.Status status, Instant observedAt,
            Instant recordedAt, String source, String agentId) {

        /** The key decisions are kept under: one per channel and purpose. */
        public ContactPolicy.ChannelPurpose key() {
            return new ContactPolicy.ChannelPurpose(channel, purpose);
        }
    }

    /** Whether the customer asked not to be contacted at all, and who recorded it when. */
    public record DoNotContact(boolean active, Instant observedAt, Instant recordedAt, String source,
            String agentId) {
    }

    /** Whether do-not-contact is active (false when never recorded). */
    public boolean doNotContactActive() {
        return doNotContact != null && doNotContact.active();
    }

    /** The record as the rules read it. */
    public ConsentState state() {
        Map<ContactPolicy.ChannelPurpose, ConsentState.Decision> decisions = new HashMap<>();
        for (ChannelConsent c : channelConsents) {
            decisions.put(c.key(), new ConsentState.Decision(c.status(), orEpoch(c.observedAt()),
                    orEpoch(c.recordedAt()), c.source(), c.agentId()));
        }
        ConsentState.DoNotContact dnc = doNotContact == null ? null
                : new ConsentState.DoNotContact(doNotContact.active(), orEpoch(doNotContact.observedAt()),
                        orEpoch(doNotContact.recordedAt()), doNotContact.source(), doNotContact.agentId());
        return new ConsentState(decisions, dnc, timeZone.isEmpty() ? null : timeZone, revision);
    }

    /** An instant never recorded reads as the epoch, as the record has always been read. */
    private static Instant orEpoch(Instant t) {
        return t == null ? Instant.EPOCH : t;
    }
}
