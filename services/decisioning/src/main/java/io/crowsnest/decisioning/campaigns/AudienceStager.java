package io.crowsnest.decisioning.campaigns;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.client.ScoringClient;
import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignGroup;
import io.crowsnest.decisioning.domain.CampaignMember;
import io.crowsnest.decisioning.domain.MemberState;
import io.crowsnest.decisioning.service.AudienceMatch;
import io.crowsnest.decisioning.store.CampaignMemberStore;
import io.crowsnest.decisioning.store.CampaignRunStore;

/**
 * Reads a campaign's audience for one partition from scoring, page by page (for an audience
 * expression: the population segment's page, of which the persons the expression keeps), into
 * campaign members with their group (target, control, universal control), the time zone of each target's send window
 * and, for a campaign with a max_size, each person's expected value (then every member is a
 * CANDIDATE until the whole audience is read and the best are selected); and checkpoints the page
 * token after each page: after a crash the page is read again and the members already stored are
 * kept as they are.
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
    AudienceFacts facts;
    @Inject
    AudienceMatch match;
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
        if (at.pageToken().isEmpty() && !c.definition().expression().isEmpty()
                && !PeerDown.call("scoring", () -> scoring.segmentLive(c.definition().segmentId()))) {
            throw new PeerDown("scoring is still evaluating the population segment '" + c.definition().segmentId()
                    + "'");
        }
        ScoringClient.MembersPage page = PeerDown.call("scoring", () -> scoring.members(c.definition().segmentId(),
                at.pageToken(), config.campaigns().pageSize(), partition, partitions));
        List<String> audience = c.definition().expression().isEmpty() ? page.personIds()
                : PeerDown.call("profile or scoring", () -> match.matching(c.definition(), page.personIds(),
                        clock.instant()));
        stage(c, audience, p -> partition);
        run.advance(c.id(), partition, page.nextPageToken(), clock.instant());
        return page.nextPageToken().isEmpty();
    }

    /**
     * Stages the persons who entered a TRIGGERED campaign's segment, each in the partition of its
     * person id ({@link CampaignGroup#partition}); a person staged before is kept as it is, so an
     * entry delivered again, or a person entering twice, is contacted at most once.
     */
    public void stageEntered(Campaign c, List<String> personIds) {
        int partitions = config.campaigns().partitions();
        stage(c, personIds, p -> CampaignGroup.partition(p, partitions));
    }

    private void stage(Campaign c, List<String> audience, java.util.function.ToIntFunction<String> partitionOf) {
        boolean selecting = c.definition().maxSize() > 0;
        List<CampaignMember> staged = new ArrayList<>(audience.size());
        List<String> targets = new ArrayList<>();
        for (String personId : audience) {
            CampaignGroup group = CampaignGroup.of(c.id(), personId, c.definition().controlPercent(),
                    config.campaigns().universalControlPercent());
            MemberState state = selecting ? MemberState.CANDIDATE
                    : group.heldOut() ? MemberState.HELD_OUT : MemberState.STAGED;
            staged.add(new CampaignMember(c.id(), personId, partitionOf.applyAsInt(personId), group, state, "", "",
                    "", "", List.of(), clock.instant(), null, Set.of(), 0, null));
            if (!group.heldOut()) {
                targets.add(personId);
            }
        }
        Map<String, Double> values = selecting ? facts.values(c, audience) : Map.of();
        Map<String, String> zones = facts.zones(c, targets);
        members.stage(staged, zones, values);
    }
}
