package io.crowsnest.decisioning.campaigns;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.client.ScoringClient;
import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignGroup;
import io.crowsnest.decisioning.domain.CampaignMember;
import io.crowsnest.decisioning.domain.MemberState;
import io.crowsnest.decisioning.store.CampaignMemberStore;
import io.crowsnest.decisioning.store.CampaignRunStore;

/**
 * Reads a campaign's audience for one partition from scoring, page by page, into campaign members
 * with their group (target, control, universal control), and checkpoints the page token after each
 * page: after a crash the page is read again and the members already stored are kept as they are.
 */
@ApplicationScoped
public class AudienceStager {

    @Inject
    ScoringClient scoring;
    @Inject
    CampaignMemberStore members;
    @Inject
    CampaignRunStore run;
    @Inject
    DecisioningConfig config;
    @Inject
    Clock clock;

    /** Stages one page; true when the partition's audience is fully read. */
    public boolean stagePage(Campaign c, int partition) {
        CampaignRunStore.Checkpoint at = run.checkpoint(c.id(), partition);
        if (at.done()) {
            return true;
        }
        int partitions = config.campaigns().partitions();
        ScoringClient.MembersPage page = PeerDown.call("scoring", () -> scoring.members(c.definition().segmentId(),
                at.pageToken(), config.campaigns().pageSize(), partition, partitions));
        Instant now = clock.instant();
        List<CampaignMember> staged = new ArrayList<>(page.personIds().size());
        for (String personId : page.personIds()) {
            CampaignGroup group = CampaignGroup.of(c.id(), personId, c.definition().controlPercent(),
                    config.campaigns().universalControlPercent());
            staged.add(new CampaignMember(c.id(), personId, partition, group,
                    group.heldOut() ? MemberState.HELD_OUT : MemberState.STAGED, "", "", "", "", List.of(), now, null,
                    Set.of(), 0, null));
        }
        members.stage(staged);
        run.advance(c.id(), partition, page.nextPageToken(), now);
        return page.nextPageToken().isEmpty();
    }
}
