package io.crowsnest.decisioning.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.ne;
import static io.crowsnest.decisioning.store.Docs.date;
import static io.crowsnest.decisioning.store.Docs.instant;

import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.mongodb.client.model.Updates;

import io.crowsnest.decisioning.domain.CampaignMember;
import io.crowsnest.decisioning.domain.MemberState;

/**
 * What the attribution sweep keeps on campaign members ({@code campaign_members}): when it last read
 * a member's purchases and delivery reports ({@code attribution_checked_at}).
 */
@ApplicationScoped
public class AttributionStore {

    @Inject
    CampaignMemberStore store;

    /**
     * The campaign's members whose responses count (contacted or held out), with when they were last
     * read; not those of erased persons (kept under a pseudonym, nothing more to read about them).
     */
    public void each(String campaignId, BiConsumer<CampaignMember, Instant> sink) {
        store.collection().find(and(eq("campaign_id", campaignId), in("state", List.of(MemberState.SENT.name(),
                MemberState.HELD_OUT.name())), ne("erased", true))).forEach(d -> sink.accept(CampaignMemberStore.member(d),
                        instant(d, "attribution_checked_at")));
    }

    /** The member's purchases and reports were read up to the instant. */
    public void checked(String campaignId, String personId, Instant at) {
        store.collection().updateOne(eq("_id", CampaignMemberStore.id(campaignId, personId)),
                Updates.set("attribution_checked_at", date(at)));
    }
}
