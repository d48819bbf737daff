package io.crowsnest.decisioning.service;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignGroup;
import io.crowsnest.decisioning.domain.CampaignProgress;
import io.crowsnest.decisioning.domain.CampaignStatus;
import io.crowsnest.decisioning.domain.DecisioningException;
import io.crowsnest.decisioning.store.CampaignMemberStore;
import io.crowsnest.decisioning.store.CampaignStore;
import io.crowsnest.platform.errors.Refusal.Kind;

/** Reads campaigns with their progress (counts of members per state). */
@ApplicationScoped
public class CampaignQueries {

    @Inject
    CampaignStore campaigns;
    @Inject
    CampaignMemberStore members;

    /** A campaign with its progress. */
    public record WithProgress(Campaign campaign, CampaignProgress progress) {
    }

    public WithProgress get(String id) {
        return withProgress(find(id));
    }

    /** The campaign; NOT_FOUND CAMPAIGN_NOT_FOUND when no campaign has the id. */
    public Campaign find(String id) {
        return campaigns.find(id).orElseThrow(() -> notFound(id));
    }

    /** FAILED_PRECONDITION CAMPAIGN_ENDED for a completed, cancelled or failed campaign. */
    static void notEnded(Campaign c) {
        if (c.status().ended()) {
            throw new DecisioningException(Kind.FAILED_PRECONDITION, "CAMPAIGN_ENDED", "campaign " + c.id() + " is "
                    + c.status() + (c.endedAt() == null ? "" : " since " + c.endedAt()) + "; nothing more can change",
                    Map.of("campaign_id", c.id(), "status", c.status().name()));
        }
    }

    /** Up to a page of campaigns, and the page key to go on from ("" = no more). */
    public record Page(List<WithProgress> items, String next) {
    }

    /**
     * A page of campaigns newest first, after the page key {@code after} ("launched-at millis|id" of
     * the last campaign of the page before; "" = the first page). A malformed key is INVALID_ARGUMENT
     * PAGE_TOKEN_INVALID.
     */
    public Page list(Collection<CampaignStatus> statuses, String division, java.time.Instant from,
            java.time.Instant to, String after, int size) {
        java.time.Instant afterAt = null;
        int bar = after.indexOf('|');
        if (!after.isEmpty()) {
            try {
                afterAt = java.time.Instant.ofEpochMilli(Long.parseLong(after.substring(0, bar)));
            } catch (RuntimeException e) {
                throw DecisioningException.badField("page.page_token", "PAGE_TOKEN_INVALID", "is malformed");
            }
        }
        List<Campaign> page = campaigns.page(statuses, division, from, to, afterAt, after.isEmpty() ? ""
                : after.substring(bar + 1), size + 1);
        Campaign last = page.size() > size ? page.get(size - 1) : null;
        return new Page(page.stream().limit(size).map(this::withProgress).toList(), last == null ? ""
                : last.launchedAt().toEpochMilli() + "|" + last.id());
    }

    public WithProgress withProgress(Campaign c) {
        return new WithProgress(c, CampaignProgress.of(members.countByState(c.id()),
                members.countGroup(c.id(), CampaignGroup.CONTROL),
                members.countGroup(c.id(), CampaignGroup.UNIVERSAL_CONTROL)));
    }

    static DecisioningException notFound(String id) {
        return new DecisioningException(Kind.NOT_FOUND, "CAMPAIGN_NOT_FOUND", "no campaign has id '" + id + "'",
                Map.of("campaign_id", id));
    }
}
