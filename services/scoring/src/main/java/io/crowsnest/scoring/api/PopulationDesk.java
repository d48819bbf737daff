package io.crowsnest.scoring.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.Features;
import io.crowsnest.scoring.domain.PlanBook;
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
import io.grpc.Status;
import io.quarkus.runtime.StartupEvent;

/**
 * GetPopulationView: segment sizes and the person count are live (the member indexes, the person
 * registry); score and churn-risk histograms and profitability tier sizes come from a population
 * snapshot this replica takes every {@code population-snapshot-interval} (5 minutes) by a SCAN of
 * the persons Redis holds (per primary node on a cluster), so they are at most that interval plus
 * one walk old. Each score is kept in 1,000 equal micro-buckets over its range, which the request's
 * bucket count regroups.
 */
@ApplicationScoped
public class PopulationDesk {

    private static final Logger LOG = Logger.getLogger(PopulationDesk.class);
    static final String CHURN = "churn_risk";
    private static final int FINE = 1000;
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

    /** One score's distribution: counts per micro-bucket over [min, max], the sum for the mean. */
    record Distribution(double min, double max, long[] counts, double[] sum) {

        static Distribution over(double min, double max) {
            return new Distribution(min, max, new long[FINE], new double[1]);
        }

        void add(double v) {
            int i = max > min ? (int) Math.floor((v - min) / (max - min) * FINE) : 0;
            counts[Math.max(0, Math.min(FINE - 1, i))]++;
            sum[0] += v;
        }
    }

    /** A population snapshot; tiers by id with their rank (1 = most profitable) and size. */
    record Snapshot(Instant at, Map<String, Distribution> scores, Map<String, long[]> tiers) {
    }

    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(
            Workers.named("scoring-population-snapshot"));
    private volatile Snapshot latest;

    void start(@Observes StartupEvent event) {
        long every = config.populationSnapshotInterval().toMillis();
        clock.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
    }

    private void refresh() {
        try {
            latest = take();
        } catch (RuntimeException e) {
            LOG.warnf("population snapshot failed, the previous one stays: %s", e.toString());
        }
    }

    /** Walks every person Redis holds and takes the distributions as of now. */
    Snapshot take() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        PlanBook book = plans.book();
        Map<String, Distribution> scores = new LinkedHashMap<>();
        book.scores(now).forEach(s -> scores.put(s.definition().name(),
                Distribution.over(s.definition().minValue(), s.definition().maxValue())));
        scores.put(CHURN, Distribution.over(0, 1));
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

    public GetPopulationViewResponse view(GetPopulationViewRequest request) {
        Checks checks = new Checks();
        checks.ids(request.getSystemIdsList(), "system_ids");
        checks.scoreNames(request.getScoreNamesList(), "score_names");
        if (request.getBucketCount() < 0 || request.getBucketCount() > 100) {
            checks.add("bucket_count", "must be 0 (default 10) to 100, got " + request.getBucketCount());
        }
        checks.throwIfAny();
        SegmentCatalog.Snapshot catalog = segments.current();
        for (String systemId : request.getSystemIdsList()) {
            if (catalog.systems().stream().noneMatch(s -> s.getSystemId().equals(systemId))) {
                throw SystemDesk.notFound(systemId);
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
        plans.book().scores(Instant.now()).forEach(s -> active.put(s.definition().name(),
                new Double[] {s.definition().minValue(), s.definition().maxValue()}));
        active.put(CHURN, new Double[] {0.0, 1.0});
        int buckets = request.getBucketCount() == 0 ? DEFAULT_BUCKETS : request.getBucketCount();
        GetPopulationViewResponse.Builder out = GetPopulationViewResponse.newBuilder()
                .setPersonCount(registry.count()).setSnapshotAt(Timestamps.of(snapshot.at()));
        for (String name : names) {
            Double[] range = active.get(name);
            if (range == null) {
                throw GrpcErrors.error(Status.Code.NOT_FOUND, "SCORE_NOT_FOUND", "no active plan has a score '"
                        + name + "'");
            }
            Distribution d = snapshot.scores().getOrDefault(name, Distribution.over(range[0], range[1]));
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

    /** Regroups the micro-buckets into equal buckets; the median is interpolated within its bucket. */
    static ScoreHistogram histogram(String name, Distribution d, int buckets) {
        long[] counts = new long[buckets];
        long total = 0;
        for (int i = 0; i < FINE; i++) {
            counts[(int) ((long) i * buckets / FINE)] += d.counts()[i];
            total += d.counts()[i];
        }
        double width = (d.max() - d.min()) / buckets;
        ScoreHistogram.Builder h = ScoreHistogram.newBuilder().setScoreName(name).setPersonCount(total)
                .setMean(total == 0 ? 0 : d.sum()[0] / total);
        long seen = 0;
        boolean medianSet = false;
        for (int b = 0; b < buckets; b++) {
            double lower = d.min() + b * width;
            h.addBuckets(HistogramBucket.newBuilder().setLowerBound(lower)
                    .setUpperBound(b == buckets - 1 ? d.max() : lower + width).setCount(counts[b]));
            if (!medianSet && total > 0 && seen + counts[b] >= total / 2.0) {
                h.setMedian(lower + width * ((total / 2.0 - seen) / counts[b]));
                medianSet = true;
            }
            seen += counts[b];
        }
        return h.build();
    }

    @PreDestroy
    void stop() {
        clock.shutdownNow();
    }
}
