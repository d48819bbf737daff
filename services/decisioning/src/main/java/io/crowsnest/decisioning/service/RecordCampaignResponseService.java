package io.crowsnest.decisioning.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignGroup;
import io.crowsnest.decisioning.domain.CampaignMember;
import io.crowsnest.decisioning.domain.MemberState;
import io.crowsnest.decisioning.domain.Money;
import io.crowsnest.decisioning.store.CampaignMemberStore;
import io.crowsnest.decisioning.store.CampaignStore;

/**
 * Attributes a response to a campaign member when it falls in the attribution window: after the
 * contact for a contacted person, after the campaign's start for a held-out one. Responses of
 * target persons who were not contacted do not count (the uplift compares contacted with control).
 */
@ApplicationScoped
public class RecordCampaignResponseService {

    @Inject
    CampaignStore campaigns;
    @Inject
    CampaignMemberStore members;

    /** Whether it counts, the person's group (null when not in the audience) and why, in words. */
    public record Attribution(boolean attributed, CampaignGroup group, String explanation) {
    }

    /** responseId: the response's own id (its idempotency key, or the outcome's id); once per id. */
    public Attribution record(String campaignId, String personId, String type, Instant at, Money value,
            String responseId) {
        Campaign c = campaigns.find(campaignId).orElseThrow(() -> CampaignQueries.notFound(campaignId));
        Optional<CampaignMember> found = members.find(campaignId, personId);
        if (found.isEmpty() || !found.get().state().inAudience()) {
            return new Attribution(false, null, personId + " is not in the audience of campaign " + campaignId);
        }
        CampaignMember m = found.get();
        Instant from = m.group().heldOut() ? c.startedAt() : m.contactedAt();
        if (m.group() == CampaignGroup.TARGET && m.state() != MemberState.SENT || from == null) {
            return new Attribution(false, m.group(), personId + " was not contacted by campaign " + campaignId
                    + " (" + m.state() + "), so the response does not count for it");
        }
        Instant until = from.plus(Duration.ofDays(c.definition().attributionDays()));
        if (at.isBefore(from) || !at.isBefore(until)) {
            return new Attribution(false, m.group(), "the response at " + at + " is outside the attribution window "
                    + from + " to " + until + " (" + c.definition().attributionDays() + " days)");
        }
        members.respond(campaignId, personId, type, value == null ? 0 : value.amountMinor(), responseId);
        return new Attribution(true, m.group(), type + " at " + at + " counts for campaign " + campaignId + " ("
                + (m.group().heldOut() ? "control: " + m.group() : "contacted at " + m.contactedAt()) + ")");
    }
}
