package io.crowsnest.scoring.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.Features;
import io.crowsnest.scoring.domain.PersonValue;
import io.crowsnest.scoring.domain.PlanBook;
import io.crowsnest.scoring.domain.PopulationViewNotReady;
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
 * snapshot this replica takes (jobs/PopulationSnapshots: at start-up, then every
 * {@code population-snapshot-interval}, 5 minutes) by a SCAN of the persons Redis holds (per primary
 * node on a cluster), so they are at most that interval plus one walk old. Each score is kept in
 * 1,000 equal micro-buckets over its range, which the request's bucket count regroups.
 * <p>
 * The call never walks the population itself: until the first snapshot exists it is refused at
 * once with {@link PopulationViewNotReady}. One walk at a time per replica ({@link #refresh}).
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
    /** How long a caller refused for want of a first snapshot is asked to wait before asking again. */
    static final Duration NOT_READY_RETRY = Duration.ofSeconds(5);
    /** The least time between two walks GetPopulationView asks for when the persons changed. */
    static final Duration CATCH_UP_GAP = Duration.ofSeconds(30);
    /** A walk logs its progress every this many persons. */
    static final long PROGRESS_EVERY = 50_000;
    private static final Logger LOG = Logger.getLogger(PopulationViewService.class);

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
    @Inject
    Event<PopulationGrew> grew;

    /**
     * A population snapshot; tiers by id with their rank (1 = most profitable) and size; the persons
     * the registry counted when its walk began.
     */
    record Snapshot(Instant at, Map<String, ScoreDistribution> scores, Map<String, long[]> tiers, long registered) {
    }

    private volatile Snapshot latest;
    private final ReentrantLock walking = new ReentrantLock();
    private final AtomicLong walks = new AtomicLong();
    private volatile Instant catchUpAsked = Instant.MIN;

    /**
     * Takes a new snapshot (jobs/PopulationSnapshots calls this on its schedule), unless a walk is
     * already under way on this replica: then returns false at once and that walk's snapshot is the
     * next one. A failed walk keeps the previous snapshot.
     */
    public boolean refresh() {
        if (!walking.tryLock()) {
            return false;
        }
        try {
            walks.incrementAndGet();
            latest = take();
            return true;
        } finally {
            walking.unlock();
        }
    }

    /** How many walks of the population this replica has started. */
    public long walks() {
        return walks.get();
    }

    /** Walks every person Redis holds and takes the distributions as of now. */
    Snapshot take() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long registered = registry.count();
        PlanBook book = plans.book();
        Map<String, ScoreDistribution> scores = new LinkedHashMap<>();
        book.scores(now).forEach(s -> scores.put(s.definition().name(),
                ScoreDistribution.over(s.definition().minValue(), s.definition().maxValue())));
        scores.put(CHURN, ScoreDistribution.over(0, 1));
        Map<String, long[]> tiers = new ConcurrentHashMap<>();
        long[] walked = {0};
        scan.forEach(personId -> {
            if (++walked[0] % PROGRESS_EVERY == 0) {
                LOG.infof("population snapshot: %d persons walked in %d s", walked[0],
                        Duration.between(now, clock.instant()).toSeconds());
            }
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
        if (walked[0] >= PROGRESS_EVERY) {
            LOG.infof("population snapshot taken: %d persons walked in %d s", walked[0],
                    Duration.between(now, clock.instant()).toSeconds());
        }
        return new Snapshot(now, scores, tiers, registered);
    }

    /**
     * The view a checked request asks for: the systems (all when none) and scores (all active and
     * churn risk when none) named, each histogram in that many buckets (0: the default, 10).
     * Refused with {@link PopulationViewNotReady} while this replica has no snapshot yet.
     */
    public View view(List<String> systemIds, List<String> scoreNames, int bucketCount) {
        SegmentCatalog.Snapshot catalog = segments.current();
        for (String systemId : systemIds) {
            if (catalog.systems().stream().noneMatch(s -> s.systemId().equals(systemId))) {
                throw new SystemNotFound(systemId);
            }
        }
        Map<String, Double[]> active = new LinkedHashMap<>();
        plans.book().scores(clock.instant()).forEach(s -> active.put(s.definition().name(),
                new Double[] {s.definition().minValue(), s.definition().maxValue()}));
        active.put(CHURN, new Double[] {0.0, 1.0});
        for (String name : scoreNames) {
            if (!active.containsKey(name)) {
                throw scoreNotFound(name);
            }
        }
        Snapshot snapshot = latest;
        if (snapshot == null) {
            throw new PopulationViewNotReady(walking.isLocked(), NOT_READY_RETRY);
        }
        List<String> names = scoreNames.isEmpty() ? new ArrayList<>(snapshot.scores().keySet()) : scoreNames;
        int buckets = bucketCount == 0 ? DEFAULT_BUCKETS : bucketCount;
        long population = registry.count();
        catchUpIfChanged(snapshot, population);
        List<Histogram> histograms = new ArrayList<>();
        for (String name : names) {
            Double[] range = active.get(name);
            if (range == null) {
                // in the snapshot but no longer active: as before, asked for by default only
                throw scoreNotFound(name);
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

    /**
     * Asks the snapshot job for a walk (not this call: it answers from the snapshot it has) when the
     * persons counted now are not those the snapshot walked, no walk is under way, and the last such
     * ask and the snapshot are {@link #CATCH_UP_GAP} old: a population loaded after start-up is
     * counted within seconds rather than at the next scheduled walk.
     */
    private void catchUpIfChanged(Snapshot snapshot, long population) {
        Instant now = clock.instant();
        if (population != snapshot.registered() && !walking.isLocked()
                && !now.isBefore(snapshot.at().plus(CATCH_UP_GAP)) && !now.isBefore(catchUpAsked.plus(CATCH_UP_GAP))) {
            catchUpAsked = now;
            grew.fire(new PopulationGrew(population, snapshot.registered()));
        }
    }

    private static ScoringException scoreNotFound(String name) {
        return new ScoringException(ScoringException.Kind.NOT_FOUND, "SCORE_NOT_FOUND", "no active plan has a score '"
                + name + "'");
    }
}
