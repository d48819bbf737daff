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


import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.Features;
import io.crowsnest.scoring.domain.PersonValue;
import io.crowsnest.scoring.domain.PlanBook;
import io.crowsnest.scoring.domain.ScoreDistribution;
import io.crowsnest.scoring.domain.ScoreValues;
import io.crowsnest.scoring.domain.ScoringException;
import io.crowsnest.scoring.domain.SegmentDefinition;
import io.crowsnest.scoring.domain.SystemNotFound;
import io.crowsnest.scoring.store.LiveStore;
import io.crowsnest.scoring.store.MembershipStore;
import io.crowsnest.scoring.store.PersonRegistry;
import io.crowsnest.scoring.store.PersonScan;

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

    /**
     * What GetPopulationView shows: the person count, when the snapshot behind the histograms was
     * taken, the histogram of each score asked for, the size of each segment of the systems asked
     * for, and the size of each profitability tier (most profitable first).
     */
    public record View(long personCount, Instant snapshotAt, List<Histogram> scoreHistograms,
            List<SegmentService.Sized> segmentSizes, List<TierSize> tierSizes) {
    }

    /** A score's histogram. */
    public record Histogram(String scoreName, ScoreDistribution.Histogram histogram) {
    }

    /** How many persons a profitability tier holds. */
    public record TierSize(String tierId, long personCount) {
    }
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
            PersonValue v = value.of(read.state(), Features.of(read.state(), now, config.frequencyWindows()), values,
                    now);
            scores.get(CHURN).add(v.churn().probability());
            if (v.profitability() != null) {
                tiers.computeIfAbsent(v.profitability().tierId(), id -> new long[] {v.profitability().rank(), 0})[1]++;
            }
        });
        return new Snapshot(now, scores, tiers);
    }

    /**
     * The view a checked request asks for: the systems (all when none) and scores (all active and
     * churn risk when none) named, each histogram in that many buckets (0: the default, 10).
     */
    public View view(List<String> systemIds, List<String> scoreNames, int bucketCount) {
        SegmentCatalog.Snapshot catalog = segments.current();
        for (String systemId : systemIds) {
            if (catalog.systems().stream().noneMatch(s -> s.systemId().equals(systemId))) {
                throw new SystemNotFound(systemId);
            }
        }
        Snapshot snapshot = latest;
        if (snapshot == null) {
            snapshot = take();
            latest = snapshot;
        }
        List<String> names = scoreNames.isEmpty() ? new ArrayList<>(snapshot.scores().keySet()) : scoreNames;
        Map<String, Double[]> active = new LinkedHashMap<>();
        plans.book().scores(clock.instant()).forEach(s -> active.put(s.definition().name(),
                new Double[] {s.definition().minValue(), s.definition().maxValue()}));
        active.put(CHURN, new Double[] {0.0, 1.0});
        int buckets = bucketCount == 0 ? DEFAULT_BUCKETS : bucketCount;
        long population = registry.count();
        List<Histogram> histograms = new ArrayList<>();
        for (String name : names) {
            Double[] range = active.get(name);
            if (range == null) {
                throw new ScoringException(ScoringException.Kind.NOT_FOUND, "SCORE_NOT_FOUND", "no active plan has a "
                        + "score '" + name + "'");
            }
            ScoreDistribution d = snapshot.scores().getOrDefault(name, ScoreDistribution.over(range[0], range[1]));
            histograms.add(new Histogram(name, d.histogram(buckets)));
        }
        List<SegmentService.Sized> sizes = catalog.segments().stream().map(SegmentCatalog.Entry::segment)
                .filter(s -> systemIds.isEmpty() || systemIds.contains(s.systemId()))
                .sorted(Comparator.comparing(SegmentDefinition::systemId).thenComparing(SegmentDefinition::segmentId))
                .map(s -> {
                    long members = memberships.members(s.segmentId());
                    return new SegmentService.Sized(s, members,
                            population == 0 ? 0 : Math.min(1.0, (double) members / population));
                }).toList();
        List<TierSize> tiers = snapshot.tiers().entrySet().stream()
                .sorted(Comparator.comparingLong(e -> e.getValue()[0]))
                .map(e -> new TierSize(e.getKey(), e.getValue()[1])).toList();
        return new View(population, snapshot.at(), histograms, sizes, tiers);
    }
}
