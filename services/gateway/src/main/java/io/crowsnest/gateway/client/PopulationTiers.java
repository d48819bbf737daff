package io.crowsnest.gateway.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.gateway.config.GatewaySettings;
import io.crowsnest.gateway.domain.ValueRank;
import io.crowsnest.scoring.v1.GetPopulationViewRequest;
import io.crowsnest.scoring.v1.GetPopulationViewResponse;
import io.crowsnest.scoring.v1.ScoringServiceGrpc.ScoringServiceBlockingStub;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;

/**
 * How many customers each profitability tier holds, from scoring's population view, kept for
 * {@code crowsnest.gateway.population-refresh} (scoring itself takes a new snapshot only every few
 * minutes), so that the 360 ranks a customer without a population call per read. One read at a time
 * (the requests that need a read meanwhile wait for that one's answer), and a failed or not-ready
 * answer (POPULATION_VIEW_NOT_READY: scoring just started) is kept for
 * {@code crowsnest.gateway.population-retry} before scoring is asked again.
 */
@ApplicationScoped
public class PopulationTiers {

    /** The tiers, most profitable first, and the customers scoring holds, as of {@code readAt}. */
    public record Tiers(List<ValueRank.TierCount> tiers, long population, Instant readAt) {
    }

    /** A read that failed at {@code at}. */
    private record Failure(StatusRuntimeException error, Instant at) {
    }

    @GrpcClient("scoring")
    ScoringServiceBlockingStub scoring;
    @Inject
    GatewaySettings settings;
    @Inject
    Clock clock;

    private final ReentrantLock reading = new ReentrantLock();
    private volatile Tiers latest;
    private volatile Failure failed;

    /**
     * The tier sizes, read again from scoring once older than the refresh interval; a failed read
     * throws the call's StatusRuntimeException (an older answer is not used past its interval), and
     * so does every call for the retry interval after it.
     */
    public Tiers current() {
        return youngerThan(settings.populationRefresh());
    }

    /**
     * The tier sizes read at most {@code maxAge} ago: a customer whose tier the kept answer lacks
     * (scoring's snapshot came before their purchases) is ranked on a fresher one.
     */
    public Tiers youngerThan(Duration maxAge) {
        Tiers tiers = kept(maxAge);
        if (tiers != null) {
            return tiers;
        }
        reading.lock();
        try {
            // the read another request made while this one waited may be the answer
            tiers = kept(maxAge);
            return tiers != null ? tiers : read();
        } finally {
            reading.unlock();
        }
    }

    /** The kept tiers if young enough; throws a failure still kept; null when scoring must be asked. */
    private Tiers kept(Duration maxAge) {
        Instant now = clock.instant();
        Tiers tiers = latest;
        if (tiers != null && now.isBefore(tiers.readAt().plus(maxAge)) && !now.isBefore(tiers.readAt())) {
            return tiers;
        }
        Failure failure = failed;
        if (failure != null && now.isBefore(failure.at().plus(settings.populationRetry()))
                && !now.isBefore(failure.at())) {
            throw new StatusRuntimeException(failure.error().getStatus(), failure.error().getTrailers());
        }
        return null;
    }

    private Tiers read() {
        Instant now = clock.instant();
        try {
            // one histogram of one bucket: the cheapest view that still carries the tier sizes
            GetPopulationViewResponse view = scoring.withDeadlineAfter(settings.profileDeadline().toMillis(),
                    TimeUnit.MILLISECONDS).getPopulationView(GetPopulationViewRequest.newBuilder()
                            .addScoreNames("churn_risk").setBucketCount(1).build());
            Tiers tiers = new Tiers(view.getTierSizesList().stream()
                    .map(t -> new ValueRank.TierCount(t.getTierId(), t.getPersonCount())).toList(),
                    view.getPersonCount(), now);
            latest = tiers;
            failed = null;
            return tiers;
        } catch (StatusRuntimeException e) {
            failed = new Failure(e, now);
            throw e;
        }
    }
}
