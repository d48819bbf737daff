package io.crowsnest.contactgovernance.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.crowsnest.contactgovernance.domain.Category;
import io.crowsnest.contactgovernance.domain.Channel;
import io.crowsnest.contactgovernance.domain.ConsentState;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.CountedContact;
import io.crowsnest.contactgovernance.domain.FatigueHistory;
import io.crowsnest.contactgovernance.domain.Purpose;
import io.crowsnest.contactgovernance.v1.ChannelConsent;
import io.crowsnest.contactgovernance.v1.ContactOutcome;
import io.crowsnest.contactgovernance.v1.LedgerEntry;
import io.crowsnest.contactgovernance.v1.OutcomeRecord;
import io.crowsnest.contactgovernance.v1.PersonConsents;
import io.crowsnest.contactgovernance.v1.Reservation;
import io.crowsnest.platform.grpc.Timestamps;

/**
 * The domain's views of stored records (kept in the contract's shape, see the stores): what the
 * counters count, what fatigue reads, what the consent rules read. The rules never see the stored
 * shape.
 */
final class StoredViews {

    private StoredViews() {
    }

    /** A held reservation as the counters count it: at its planned instant. */
    static CountedContact counted(Reservation r) {
        var c = r.getContact();
        return new CountedContact(r.getReservationId(), Timestamps.instant(c.getPlannedAt()), channel(c.getChannel()),
                c.getDivision().getId(), category(c.getCategory()), c.getCampaignId(), true);
    }

    /** A ledger entry as the counters count it. */
    static CountedContact counted(LedgerEntry e) {
        return new CountedContact(e.getEntryId(), Timestamps.instant(e.getContactedAt()), channel(e.getChannel()),
                e.getDivision().getId(), category(e.getCategory()), e.getCampaignId(), false);
    }

    /** A ledger entry as fatigue reads it: when, why, and when it was last answered (RESPONDED), if ever. */
    static FatigueHistory.Contact fatigue(LedgerEntry e) {
        Instant responded = null;
        for (OutcomeRecord o : e.getOutcomeHistoryList()) {
            if (o.getOutcome() == ContactOutcome.CONTACT_OUTCOME_RESPONDED) {
                responded = Timestamps.instant(o.getOccurredAt());
            }
        }
        return new FatigueHistory.Contact(Timestamps.instant(e.getContactedAt()), category(e.getCategory()),
                responded);
    }

    /** A consent record as the rules read it. */
    static ConsentState consents(PersonConsents c) {
        Map<ContactPolicy.ChannelPurpose, ConsentState.Decision> decisions = new HashMap<>();
        for (ChannelConsent cc : c.getChannelConsentsList()) {
            ConsentState.Status status = switch (cc.getStatus()) {
                case CONSENT_STATUS_OPTED_IN -> ConsentState.Status.OPTED_IN;
                case CONSENT_STATUS_OPTED_OUT -> ConsentState.Status.OPTED_OUT;
                default -> ConsentState.Status.NONE;
            };
            decisions.put(new ContactPolicy.ChannelPurpose(channel(cc.getChannel()),
                    Purpose.valueOf(cc.getPurpose().name().substring("CONSENT_PURPOSE_".length()))),
                    new ConsentState.Decision(status, Timestamps.instant(cc.getObservedAt()),
                            Timestamps.instant(cc.getRecordedAt()), cc.getSource(), cc.getAgentId()));
        }
        ConsentState.DoNotContact dnc = null;
        if (c.hasDoNotContact()) {
            var d = c.getDoNotContact();
            dnc = new ConsentState.DoNotContact(d.getActive(), Timestamps.instant(d.getObservedAt()),
                    Timestamps.instant(d.getRecordedAt()), d.getSource(), d.getAgentId());
        }
        return new ConsentState(decisions, dnc, c.getTimeZone().isEmpty() ? null : c.getTimeZone(), c.getRevision());
    }

    private static Channel channel(io.crowsnest.common.v1.Channel channel) {
        return channel == io.crowsnest.common.v1.Channel.CHANNEL_UNSPECIFIED ? null
                : Channel.valueOf(channel.name().substring("CHANNEL_".length()));
    }

    private static Category category(io.crowsnest.common.v1.ContactCategory category) {
        return Category.valueOf(category.name().substring("CONTACT_CATEGORY_".length()));
    }
}
