package io.crowsnest.scoring.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;


import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.Features;
import io.crowsnest.scoring.domain.PlanBook;
import io.crowsnest.scoring.domain.ScoreDistribution;
import io.crowsnest.scoring.domain.ScoreValues;
import io.crowsnest.scoring.domain.ScoringException;
import io.crowsnest.scoring.domain.SystemNotFound;
import io.crowsnest.scoring.store.LiveStore;
import io.crowsnest.scoring.store.MembershipStore;
import io.crowsnest.scoring.store.PersonRegistry;
import io.crowsnest.scoring.store.PersonScan;
import io.crowsnest.scoring.v1.GetPopulationViewRequest;
import io.crowsnest.scoring.v1.GetPopulationViewResponse;
import io.crowsnest.scoring.v1.HistogramBucket;
import io.crowsnest.scoring.v1.ScoreHistogram;
import io.crowsnest.scoring.v1.SegmentSize;
import io.crowsnest.scoring.v1.TierSize;
import io.crowsnest.scoring.v1.ValueScores;

/**
 * GetPopulationView: segment sizes and the person count are live (the member indexes, the person
 * registry); score and churn-risk histograms and profitability tier sizes come from a population
 * snapshot this replica takes (jobs/PopulationSnapshots) every {@code population-snapshot-interval} (5 minutes) by a SCAN of
 * the persons Redis holds (per primary node on a cluster), so they are at most that interval plus
 * one walk old. Each score is kept in 1,000 equal micro-buckets over its range, which the request's
 * bucket count regroups.
 */
@ApplicationScoped
public class PopulationViewService {

    static final String CHURN = "churn_risk";
    private static final int DEFAULT_BUCKETS = 10;

    @Inject
    PersonScan scan;
    @Inject
    LiveStore live;
    @Inject
    LiveSettings settings;
    @Inject
    PlanCatalog plans;
    @Inject
    ValueScoring value;
    @Inject
    ScoringConfig config;
    @Inject
    SegmentCatalog segments;
    @Inject
    MembershipStore memberships;
    @Inject
    PersonRegistry registry;
    @Inject
    Clock clock;

    /** A population snapshot; tiers by id with their rank (1 = most profitable) and size. */
    record Snapshot(Instant at, Map<String, ScoreDistribution> scores, Map<String, long[]> tiers) {
    }

    private volatile Snapshot latest;

    /** Takes a new snapshot (jobs/PopulationSnapshots calls this on its schedule). */
    public void refresh() {
        latest = take();
    }

    /** Walks every person Redis holds and takes the distributions as of now. */
    Snapshot take() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        PlanBook book = plans.book();
        Map<String, ScoreDistribution> scores = new LinkedHashMap<>();
        book.scores(now).forEach(s -> scores.put(s.definition().name(),
                ScoreDistribution.over(s.definition().minValue(), s.definition().maxValue())));
        scores.put(CHURN, ScoreDistribution.over(0, 1));
        Map<String, long[]> tiers = new ConcurrentHashMap<>();
        scan.forEach(personId -> {
            LiveStore.Read read = live.read(personId, now, settings.windows(), false, false);
            if (read.presence() != LiveStore.Presence.HELD) {
                return;
            }
            Map<String, Double> values = ScoreValues.at(book, read.state().scores(), now);
            values.forEach((name, v) -> scores.get(name).add(v));
            ValueScores v = value.of(read.state(), Features.of(read.state(), now, config.frequencyWindows()), values,
                    now);
            scores.get(CHURN).add(v.getChurnRisk().getProbability());
            if (v.hasProfitability()) {
                tiers.computeIfAbsent(v.getProfitability().getTierId(),
                        id -> new long[] {v.getProfitability().getRank(), 0})[1]++;
            }
        });
        return new Snapshot(now, scores, tiers);
    }

    /** The view a checked request asks for. */
    public GetPopulationViewResponse view(GetPopulationViewRequest request) {
        SegmentCatalog.Snapshot catalog = segments.current();
        for (String systemId : request.getSystemIdsList()) {
            if (catalog.systems().stream().noneMatch(s -> s.getSystemId().equals(systemId))) {
                throw new SystemNotFound(systemId);
            }
        }
        Snapshot snapshot = latest;
        if (snapshot == null) {
            snapshot = take();
            latest = snapshot;
        }
        List<String> names = request.getScoreNamesList().isEmpty() ? new ArrayList<>(snapshot.scores().keySet())
                : request.getScoreNamesList();
        Map<String, Double[]> active = new LinkedHashMap<>();
        plans.book().scores(clock.instant()).forEach(s -> active.put(s.definition().name(),
                new Double[] {s.definition().minValue(), s.definition().maxValue()}));
        active.put(CHURN, new Double[] {0.0, 1.0});
        int buckets = request.getBucketCount() == 0 ? DEFAULT_BUCKETS : request.getBucketCount();
        GetPopulationViewResponse.Builder out = GetPopulationViewResponse.newBuilder()
                .setPersonCount(registry.count()).setSnapshotAt(Timestamps.of(snapshot.at()));
        for (String name : names) {
            Double[] range = active.get(name);
            if (range == null) {
                throw new ScoringException(ScoringException.Kind.NOT_FOUND, "SCORE_NOT_FOUND", "no active plan has a "
                        + "score '" + name + "'");
            }
            ScoreDistribution d = snapshot.scores().getOrDefault(name, ScoreDistribution.over(range[0], range[1]));
            out.addScoreHistograms(histogram(name, d, buckets));
        }
        long population = out.getPersonCount();
        catalog.segments().stream().map(SegmentCatalog.Entry::segment)
                .filter(s -> request.getSystemIdsList().isEmpty() || request.getSystemIdsList().contains(s.getSystemId()))
                .sorted(Comparator.comparing((io.crowsnest.scoring.v1.Segment s) -> s.getSystemId())
                        .thenComparing(s -> s.getSegmentId()))
                .forEach(s -> {
                    long members = memberships.members(s.getSegmentId());
                    out.addSegmentSizes(SegmentSize.newBuilder().setSegmentId(s.getSegmentId())
                            .setSystemId(s.getSystemId()).setMemberCount(members)
                            .setShare(population == 0 ? 0 : Math.min(1.0, (double) members / population))
                            .setEvaluationState(s.getEvaluationState()));
                });
        snapshot.tiers().entrySet().stream().sorted(Comparator.comparingLong(e -> e.getValue()[0]))
                .forEach(e -> out.addTierSizes(TierSize.newBuilder().setTierId(e.getKey())
                        .setPersonCount(e.getValue()[1])));
        return out.build();
    }

    /** The histogram of a score in the contract's terms. */
    static ScoreHistogram histogram(String name, ScoreDistribution d, int buckets) {
        ScoreDistribution.Histogram h = d.histogram(buckets);
        ScoreHistogram.Builder out = ScoreHistogram.newBuilder().setScoreName(name).setPersonCount(h.count())
                .setMean(h.mean()).setMedian(h.median());
        h.buckets().forEach(b -> out.addBuckets(HistogramBucket.newBuilder().setLowerBound(b.lower())
                .setUpperBound(b.upper()).setCount(b.count())));
        return out.build();
    }
}
