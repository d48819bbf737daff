package io.crowsnest.gateway.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.gateway.config.GatewaySettings;
import io.crowsnest.gateway.domain.ValueRank;
import io.crowsnest.scoring.v1.GetPopulationViewRequest;
import io.crowsnest.scoring.v1.GetPopulationViewResponse;
import io.crowsnest.scoring.v1.ScoringServiceGrpc.ScoringServiceBlockingStub;
import io.quarkus.grpc.GrpcClient;

/**
 * How many customers each profitability tier holds, from scoring's population view, kept for
 * {@code crowsnest.gateway.population-refresh} (scoring itself takes a new snapshot only every few
 * minutes), so that the 360 ranks a customer without a population call per read.
 */
@ApplicationScoped
public class PopulationTiers {

    /** The tiers, most profitable first, and the customers scoring holds, as of {@code readAt}. */
    public record Tiers(List<ValueRank.TierCount> tiers, long population, Instant readAt) {
    }

    @GrpcClient("scoring")
    ScoringServiceBlockingStub scoring;
    @Inject
    GatewaySettings settings;
    @Inject
    Clock clock;

    private volatile Tiers latest;

    /**
     * The tier sizes, read again from scoring once older than the refresh interval; a failed read
     * throws the call's StatusRuntimeException (an older answer is not used past its interval).
     */
    public Tiers current() {
        return youngerThan(settings.populationRefresh());
    }

    /**
     * The tier sizes read at most {@code maxAge} ago: a customer whose tier the kept answer lacks
     * (scoring's snapshot came before their purchases) is ranked on a fresher one.
     */
    public Tiers youngerThan(Duration maxAge) {
        Tiers tiers = latest;
        Instant now = clock.instant();
        if (tiers == null || !now.isBefore(tiers.readAt().plus(maxAge)) || now.isBefore(tiers.readAt())) {
            // one histogram of one bucket: the cheapest view that still carries the tier sizes
            GetPopulationViewResponse view = scoring.withDeadlineAfter(settings.profileDeadline().toMillis(),
                    TimeUnit.MILLISECONDS).getPopulationView(GetPopulationViewRequest.newBuilder()
                            .addScoreNames("churn_risk").setBucketCount(1).build());
            tiers = new Tiers(view.getTierSizesList().stream()
                    .map(t -> new ValueRank.TierCount(t.getTierId(), t.getPersonCount())).toList(),
                    view.getPersonCount(), now);
            latest = tiers;
        }
        return tiers;
    }
}
