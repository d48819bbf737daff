package io.crowsnest.decisioning.service;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.contactgovernance.v1.CheckEligibilityBatchResponse;
import io.crowsnest.contactgovernance.v1.ContactRequest;
import io.crowsnest.contactgovernance.v1.RuleViolation;
import io.crowsnest.contactgovernance.v1.Verdict;
import io.crowsnest.decisioning.client.GovernanceClient;
import io.crowsnest.decisioning.client.ScoringClient;
import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignDefinition;
import io.crowsnest.decisioning.domain.CampaignGroup;
import io.crowsnest.decisioning.domain.CampaignStatus;
import io.crowsnest.decisioning.domain.DecisioningException;
import io.crowsnest.decisioning.domain.DecisioningException.Kind;
import io.crowsnest.decisioning.store.CampaignMemberStore;
import io.crowsnest.decisioning.store.CampaignStore;
import io.crowsnest.scoring.v1.ListSegmentMembersResponse;
import io.grpc.StatusRuntimeException;

/**
 * What a campaign would reach, launching nothing: the audience read from scoring, the groups by
 * the same hashing rule as the run (the exact control persons differ, the campaign id not being
 * known yet), governance's verdicts on a sample of the target persons, and the overlap with the
 * campaigns not ended.
 */
@ApplicationScoped
public class DryRunCampaignService {

    static final String DRY_RUN_ID = "dry-run";

    @Inject
    CampaignSpecCheck check;
    @Inject
    ScoringClient scoring;
    @Inject
    GovernanceClient governance;
    @Inject
    CampaignStore campaigns;
    @Inject
    CampaignMemberStore members;
    @Inject
    DecisioningConfig config;

    /** The answer; blocks by "code|division". */
    public record DryRun(long audience, long control, long universalControl, long target, long checked,
            long blocked, Map<String, Long> blocks, Map<Campaign, Long> overlaps) {
    }

    public DryRun dryRun(CampaignDefinition d, int sampleSize) {
        CampaignSpecCheck.Checked checked = check.check(d);
        String category = checked.actions().get(d.actionIds().get(0)).spec().category();
        Map<String, Campaign> active = new LinkedHashMap<>();
        campaigns.withStatus(EnumSet.of(CampaignStatus.SCHEDULED, CampaignStatus.RUNNING, CampaignStatus.PAUSED))
                .forEach(c -> active.put(c.id(), c));
        long audience = 0;
        long control = 0;
        long universal = 0;
        List<String> sample = new ArrayList<>();
        Map<String, Long> overlaps = new LinkedHashMap<>();
        String token = "";
        do {
            ListSegmentMembersResponse page = page(d.segmentId(), token);
            for (String personId : page.getPersonIdsList()) {
                audience++;
                CampaignGroup g = CampaignGroup.of(DRY_RUN_ID, personId, d.controlPercent(),
                        config.campaigns().universalControlPercent());
                control += g == CampaignGroup.CONTROL ? 1 : 0;
                universal += g == CampaignGroup.UNIVERSAL_CONTROL ? 1 : 0;
                if (g == CampaignGroup.TARGET && sample.size() < sampleSize) {
                    sample.add(personId);
                }
            }
            members.overlaps(page.getPersonIdsList(), DRY_RUN_ID, active.keySet())
                    .forEach((id, n) -> overlaps.merge(id, n, Long::sum));
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        Map<String, Long> blocks = new LinkedHashMap<>();
        long blocked = 0;
        for (int i = 0; i < sample.size(); i += 50) {
            List<CompletableFuture<CheckEligibilityBatchResponse>> verdicts = new ArrayList<>();
            for (String personId : sample.subList(i, Math.min(sample.size(), i + 50))) {
                verdicts.add(governance.checkAll(d.channels().stream().map(ch -> ContactRequest.newBuilder()
                        .setPerson(PersonRef.newBuilder().setPersonId(personId))
                        .setChannel(Channel.valueOf("CHANNEL_" + ch)).setDivision(DivisionRef.newBuilder()
                                .setId(d.division())).setCategory(ContactCategory.valueOf("CONTACT_CATEGORY_"
                                        + category)).setRequestingSystem(GovernanceClient.SYSTEM).build()).toList()));
            }
            for (CompletableFuture<CheckEligibilityBatchResponse> f : verdicts) {
                CheckEligibilityBatchResponse r = await(f);
                if (r.getVerdictsList().stream().noneMatch(Verdict::getAllowed)) {
                    blocked++;
                }
                r.getVerdictsList().stream().flatMap(v -> v.getViolationsList().stream())
                        .map(DryRunCampaignService::blockKey).distinct().forEach(k -> blocks.merge(k, 1L, Long::sum));
            }
        }
        Map<Campaign, Long> overlapping = new LinkedHashMap<>();
        overlaps.forEach((id, n) -> overlapping.put(active.get(id), n));
        return new DryRun(audience, control, universal, audience - control - universal, sample.size(), blocked, blocks,
                overlapping);
    }

    private static String blockKey(RuleViolation v) {
        return v.getReason().getCode() + "|" + v.getReason().getFiguresMap().getOrDefault("division", "");
    }

    private ListSegmentMembersResponse page(String segmentId, String token) {
        try {
            return scoring.members(segmentId, token, 5_000, 0, 0);
        } catch (StatusRuntimeException e) {
            throw new DecisioningException(Kind.UNAVAILABLE, "SCORING_UNAVAILABLE", "scoring did not answer ("
                    + e.getStatus().getCode() + "); safe to retry");
        }
    }

    private static CheckEligibilityBatchResponse await(CompletableFuture<CheckEligibilityBatchResponse> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DecisioningException(Kind.UNAVAILABLE, "GOVERNANCE_UNAVAILABLE", "interrupted");
        } catch (ExecutionException e) {
            throw new DecisioningException(Kind.UNAVAILABLE, "GOVERNANCE_UNAVAILABLE", "contact-governance did not "
                    + "answer (" + e.getCause().getMessage() + "); safe to retry");
        }
    }
}
