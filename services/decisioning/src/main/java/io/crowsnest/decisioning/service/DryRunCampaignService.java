package io.crowsnest.decisioning.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.campaigns.AudienceFacts;
import io.crowsnest.decisioning.campaigns.PeerDown;
import io.crowsnest.decisioning.client.GovernanceClient;
import io.crowsnest.decisioning.client.GovernanceVerdict;
import io.crowsnest.decisioning.client.PeerFailure;
import io.crowsnest.decisioning.client.ScoringClient;
import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignDefinition;
import io.crowsnest.decisioning.domain.CampaignGroup;
import io.crowsnest.decisioning.domain.CampaignStatus;
import io.crowsnest.decisioning.domain.ContactIntent;
import io.crowsnest.decisioning.domain.DecisioningException;
import io.crowsnest.decisioning.domain.PersonRef;
import io.crowsnest.decisioning.domain.Reason;
import io.crowsnest.decisioning.store.CampaignMemberStore;
import io.crowsnest.decisioning.store.CampaignStore;
import io.crowsnest.platform.errors.Refusal.Kind;

/**
 * What a campaign would reach, launching nothing: the audience read from scoring (for an audience
 * expression, the population's persons the expression keeps, evaluated now), the groups by
 * the same hashing rule as the run (the exact control persons differ, the campaign id not being
 * known yet), governance's verdicts on a sample of the target persons, and the overlap with the
 * campaigns not ended. With an audience.max_size, the audience is the one after the cut, as the run
 * makes it: the max_size persons of highest expected value (ties by person id), the others counted
 * as left out.
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
    AudienceMatch match;
    @Inject
    AudienceFacts facts;
    @Inject
    DecisioningConfig config;
    @Inject
    java.time.Clock clock;

    /** The answer; blocks by "code|division". */
    public record DryRun(long audience, long overLimit, long control, long universalControl, long target,
            long checked, long blocked, Map<String, Long> blocks, Map<Campaign, Long> overlaps) {

        /** The targets that would be blocked on every channel, estimated from the share in the checked sample. */
        public long estimatedBlocked() {
            return checked == 0 ? 0 : Math.round((double) blocked * target / checked);
        }

        /** The answer in one sentence. */
        public String summary() {
            String cut = overLimit == 0 ? "" : String.format(java.util.Locale.ROOT, " (%d more left out by the "
                    + "max_size, those of lowest expected value)", overLimit);
            return String.format(java.util.Locale.ROOT, "%d persons in the audience%s: %d held out (%d control, %d "
                    + "universal control), %d to contact; of %d checked with the contact rules %d would be blocked "
                    + "on every channel (about %d of all targets); shares persons with %d other campaign(s)", audience,
                    cut, control + universalControl, control, universalControl, target, checked, blocked,
                    estimatedBlocked(), overlaps.size());
        }
    }

    public DryRun dryRun(CampaignDefinition d, int sampleSize) {
        CampaignSpecCheck.Checked checked = check.check(d);
        String category = checked.actions().get(d.actionIds().get(0)).spec().category();
        Map<String, Campaign> active = new LinkedHashMap<>();
        campaigns.withStatus(EnumSet.of(CampaignStatus.SCHEDULED, CampaignStatus.RUNNING, CampaignStatus.PAUSED))
                .forEach(c -> active.put(c.id(), c));
        List<String> read = new ArrayList<>();
        String token = "";
        do {
            ScoringClient.MembersPage page = page(checked.segmentId(), token);
            read.addAll(d.expression().isEmpty() ? page.personIds() : matching(d, page.personIds()));
            token = page.nextPageToken();
        } while (!token.isEmpty());
        List<String> audience = d.maxSize() > 0 && read.size() > d.maxSize() ? best(d, read) : read;
        long control = 0;
        long universal = 0;
        List<String> sample = new ArrayList<>();
        for (String personId : audience) {
            CampaignGroup g = CampaignGroup.of(DRY_RUN_ID, personId, d.controlPercent(),
                    config.campaigns().universalControlPercent());
            control += g == CampaignGroup.CONTROL ? 1 : 0;
            universal += g == CampaignGroup.UNIVERSAL_CONTROL ? 1 : 0;
            if (g == CampaignGroup.TARGET && sample.size() < sampleSize) {
                sample.add(personId);
            }
        }
        Map<String, Long> overlaps = new LinkedHashMap<>();
        for (int from = 0; from < audience.size(); from += 5_000) {
            members.overlaps(audience.subList(from, Math.min(audience.size(), from + 5_000)), DRY_RUN_ID,
                    active.keySet()).forEach((id, n) -> overlaps.merge(id, n, Long::sum));
        }
        Map<String, Long> blocks = new LinkedHashMap<>();
        long blocked = 0;
        for (int i = 0; i < sample.size(); i += 50) {
            List<CompletableFuture<List<GovernanceVerdict>>> verdicts = new ArrayList<>();
            for (String personId : sample.subList(i, Math.min(sample.size(), i + 50))) {
                verdicts.add(governance.checkAll(d.channels().stream().map(ch -> new ContactIntent(
                        PersonRef.id(personId), ch, d.division(), category, "", "", "", "", null)).toList()));
            }
            for (CompletableFuture<List<GovernanceVerdict>> f : verdicts) {
                List<GovernanceVerdict> r = await(f);
                if (r.stream().noneMatch(v -> v.view().allowed())) {
                    blocked++;
                }
                r.stream().flatMap(v -> v.view().blocking().stream())
                        .map(DryRunCampaignService::blockKey).distinct().forEach(k -> blocks.merge(k, 1L, Long::sum));
            }
        }
        Map<Campaign, Long> overlapping = new LinkedHashMap<>();
        overlaps.forEach((id, n) -> overlapping.put(active.get(id), n));
        return new DryRun(audience.size(), read.size() - audience.size(), control, universal,
                audience.size() - control - universal, sample.size(), blocked, blocks, overlapping);
    }

    /** The max_size persons of highest expected value, ties by person id, as the run's cut keeps them. */
    private List<String> best(CampaignDefinition d, List<String> persons) {
        Campaign draft = new Campaign(DRY_RUN_ID, d, CampaignStatus.SCHEDULED, null, "", List.of(), Map.of(), "",
                clock.instant(), null, null);
        Map<String, Double> values;
        try {
            values = facts.values(draft, persons);
        } catch (PeerDown e) {
            throw new DecisioningException(Kind.UNAVAILABLE, "PEERS_UNAVAILABLE", e.getMessage()
                    + " while estimating the audience's expected values for the max_size; safe to retry");
        }
        return persons.stream().sorted(Comparator.comparing((String p) -> -values.get(p))
                .thenComparing(Comparator.naturalOrder())).limit(d.maxSize()).toList();
    }

    private List<String> matching(CampaignDefinition d, List<String> population) {
        try {
            return match.matching(d, population, clock.instant());
        } catch (PeerFailure e) {
            throw new DecisioningException(Kind.UNAVAILABLE, "PEERS_UNAVAILABLE", "profile or scoring did not answer ("
                    + e.code() + ") while evaluating the audience expression; safe to retry");
        }
    }

    private static String blockKey(Reason violation) {
        return violation.code() + "|" + violation.figures().getOrDefault("division", "");
    }

    private ScoringClient.MembersPage page(String segmentId, String token) {
        try {
            return scoring.members(segmentId, token, 5_000, 0, 0);
        } catch (PeerFailure e) {
            throw new DecisioningException(Kind.UNAVAILABLE, "SCORING_UNAVAILABLE", "scoring did not answer ("
                    + e.code() + "); safe to retry");
        }
    }

    private static List<GovernanceVerdict> await(CompletableFuture<List<GovernanceVerdict>> f) {
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
