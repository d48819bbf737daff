package io.crowsnest.scoring.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.common.v1.Money;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.ChurnInputs;
import io.crowsnest.scoring.domain.ChurnRisk;
import io.crowsnest.scoring.domain.Features;
import io.crowsnest.scoring.domain.PersonState;
import io.crowsnest.scoring.domain.PlanBook;
import io.crowsnest.scoring.domain.Quintiles;
import io.crowsnest.scoring.domain.RfmFigures;
import io.crowsnest.scoring.domain.ValueModel;
import io.crowsnest.scoring.jobs.BackgroundThreads;
import io.crowsnest.scoring.store.LiveStore;
import io.crowsnest.scoring.store.PersonRegistry;
import io.crowsnest.scoring.store.RfmStore;
import io.crowsnest.scoring.v1.ChurnInput;
import io.crowsnest.scoring.v1.ProfitabilityTier;
import io.crowsnest.scoring.v1.QuintileBoundaries;
import io.crowsnest.scoring.v1.RfmScore;
import io.crowsnest.scoring.v1.ValueScores;

/**
 * Value scores of a person, computed when read from its live figures: RFM quintiles against the
 * population's boundaries (recomputed over every purchaser when older than the model's refresh
 * interval, in the background; at once when missing or computed under another window or currency),
 * the profitability tier and the logistic churn risk, each with its figures.
 */
@ApplicationScoped
public class ValueScoring {

    private static final Logger LOG = Logger.getLogger(ValueScoring.class);

    @Inject
    PlanCatalog plans;
    @Inject
    ScoringConfig config;
    @Inject
    RfmStore store;
    @Inject
    PersonRegistry registry;
    @Inject
    LiveStore live;
    @Inject
    LiveSettings settings;
    @Inject
    Clock clock;

    private final ExecutorService refresher = Executors.newSingleThreadExecutor(
            BackgroundThreads.named("scoring-rfm-boundaries"));
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile RfmStore.Stored cached;

    public ValueModel model(PlanBook book, Instant now) {
        return book.valueModel(now).orElseGet(() -> ValueModel.defaults(config.reportingCurrency()));
    }

    public ValueScores of(PersonState state, Features features, Map<String, Double> scores, Instant now) {
        ValueModel model = model(plans.book(), now);
        RfmFigures rfm = RfmFigures.of(state, model, now);
        ValueScores.Builder out = ValueScores.newBuilder();
        Quintiles q = null;
        if (rfm.any()) {
            q = quintiles(model, now);
            out.setRfm(rfm(model, rfm, q, now));
            long margin = rfm.monetaryMinor() * model.marginBasisPoints() / 10_000;
            int rank = model.rank(margin);
            ValueModel.Tier tier = model.tiers().get(rank - 1);
            out.setProfitability(ProfitabilityTier.newBuilder().setTierId(tier.tierId()).setRank(rank)
                    .setEstimatedMargin(money(model, margin)).setMarginRateBasisPoints(model.marginBasisPoints())
                    .setTierMinMargin(money(model, tier.minMarginMinor())));
        }
        ChurnRisk churn = ChurnRisk.of(model, churnInputs(model, state, features, scores, rfm, q, now));
        io.crowsnest.scoring.v1.ChurnRisk.Builder risk = io.crowsnest.scoring.v1.ChurnRisk.newBuilder()
                .setProbability(churn.probability()).setLogit(churn.logit()).setIntercept(churn.intercept())
                .setPlanId(model.planId() == null ? "" : model.planId()).setPlanVersion(model.planVersion());
        churn.inputs().forEach(i -> risk.addInputs(ChurnInput.newBuilder().setInput(i.name()).setValue(i.value())
                .setWeight(i.weight()).setContribution(i.contribution())));
        return out.setChurnRisk(risk).build();
    }

    private static RfmScore rfm(ValueModel model, RfmFigures rfm, Quintiles q, Instant now) {
        long seconds = rfm.secondsSinceLast(now);
        return RfmScore.newBuilder().setRecencyQuintile(q.recency(seconds)).setFrequencyQuintile(q.frequency(rfm.count()))
                .setMonetaryQuintile(q.monetary(rfm.monetaryMinor())).setSecondsSinceLastPurchase(seconds)
                .setPurchaseCount(rfm.count()).setMonetary(money(model, rfm.monetaryMinor()))
                .setWindow(FeatureMapping.window(model.rfmWindow()))
                .setBoundaries(QuintileBoundaries.newBuilder().addAllRecencySeconds(q.recencySeconds())
                        .addAllFrequencyCounts(q.frequencyCounts()).addAllMonetaryAmountsMinor(q.monetaryMinor())
                        .setComputedAt(Timestamps.of(q.computedAt())).setPopulationCount(q.population()))
                .build();
    }

    private static Map<String, Double> churnInputs(ValueModel model, PersonState state, Features features,
            Map<String, Double> scores, RfmFigures rfm, Quintiles q, Instant now) {
        Map<String, Double> in = new HashMap<>();
        in.put("days_since_last_event", state.lastEventAt() == null ? (double) model.rfmWindow().toDays()
                : days(Duration.between(state.lastEventAt(), now)));
        in.put("days_since_last_purchase", rfm.any() ? rfm.secondsSinceLast(now) / 86_400.0
                : (double) model.rfmWindow().toDays());
        in.put("events_last_30_days", (double) Features.within(state, now.minus(Features.RECENT), now).size());
        in.put("purchases_in_rfm_window", (double) rfm.count());
        in.put("monetary_in_rfm_window", rfm.monetaryMinor()
                / Math.pow(10, Math.max(0, Currency.getInstance(model.currency()).getDefaultFractionDigits())));
        in.put("sessions_last_30_days", (double) features.sessionsLast30Days());
        in.put("rfm_recency_quintile", q == null ? 0.0 : q.recency(rfm.secondsSinceLast(now)));
        in.put("rfm_frequency_quintile", q == null ? 0.0 : q.frequency(rfm.count()));
        in.put("rfm_monetary_quintile", q == null ? 0.0 : q.monetary(rfm.monetaryMinor()));
        scores.forEach((name, value) -> in.put(ChurnInputs.SCORE_PREFIX + name, value));
        return in;
    }

    private static double days(Duration d) {
        return Math.max(0, d.toMillis()) / 86_400_000.0;
    }

    private static Money money(ValueModel model, long minor) {
        return Money.newBuilder().setCurrencyCode(model.currency()).setAmountMinor(minor).build();
    }

    /** The boundaries in use: recomputed at once when missing or stale by model, in the background when old. */
    Quintiles quintiles(ValueModel model, Instant now) {
        RfmStore.Stored stored = cached;
        if (stored == null) {
            stored = store.current().orElse(null);
            cached = stored;
        }
        if (stored == null || !stored.modelKey().equals(model.boundaryKey())) {
            return recompute(model);
        }
        if (stored.quintiles().computedAt().plus(model.refresh()).isBefore(now) && refreshing.compareAndSet(false,
                true)) {
            refresher.submit(() -> {
                try {
                    recompute(model);
                } finally {
                    refreshing.set(false);
                }
            });
        }
        return stored.quintiles();
    }

    /** Walks every person, ranks the purchasers of the window and stores the boundaries. */
    public Quintiles recompute(ValueModel model) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<RfmFigures> purchasers = new ArrayList<>();
        registry.forEach(personId -> {
            LiveStore.Read read = live.read(personId, now, settings.windows(), false, false);
            if (read.presence() == LiveStore.Presence.HELD) {
                RfmFigures f = RfmFigures.of(read.state(), model, now);
                if (f.any()) {
                    purchasers.add(f);
                }
            }
        });
        Quintiles q = Quintiles.of(purchasers, now);
        store.replace(q, model.boundaryKey());
        cached = new RfmStore.Stored(q, model.boundaryKey());
        LOG.infof("RFM boundaries recomputed over %d purchasers", purchasers.size());
        return q;
    }

    @PreDestroy
    void stop() {
        refresher.shutdownNow();
    }
}
