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

import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.ChurnInputs;
import io.crowsnest.scoring.domain.ChurnRisk;
import io.crowsnest.scoring.domain.Features;
import io.crowsnest.scoring.domain.PersonState;
import io.crowsnest.scoring.domain.PersonValue;
import io.crowsnest.scoring.domain.PlanBook;
import io.crowsnest.scoring.domain.Quintiles;
import io.crowsnest.scoring.domain.RfmFigures;
import io.crowsnest.scoring.domain.ValueModel;
import io.crowsnest.scoring.jobs.BackgroundThreads;
import io.crowsnest.scoring.store.LiveStore;
import io.crowsnest.scoring.store.PersonRegistry;
import io.crowsnest.scoring.store.RfmStore;

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

    /** The value scores of a person at an instant, from its live state, features and score values. */
    public PersonValue of(PersonState state, Features features, Map<String, Double> scores, Instant now) {
        ValueModel model = model(plans.book(), now);
        RfmFigures rfm = RfmFigures.of(state, model, now);
        Quintiles q = null;
        PersonValue.Rfm ranked = null;
        PersonValue.Profitability profitability = null;
        if (rfm.any()) {
            q = quintiles(model, now);
            long seconds = rfm.secondsSinceLast(now);
            ranked = new PersonValue.Rfm(q.recency(seconds), q.frequency(rfm.count()), q.monetary(rfm.monetaryMinor()),
                    seconds, rfm.count(), rfm.monetaryMinor(), model.rfmWindow(), q);
            long margin = rfm.monetaryMinor() * model.marginBasisPoints() / 10_000;
            int rank = model.rank(margin);
            ValueModel.Tier tier = model.tiers().get(rank - 1);
            profitability = new PersonValue.Profitability(tier.tierId(), rank, margin, model.marginBasisPoints(),
                    tier.minMarginMinor());
        }
        ChurnRisk churn = ChurnRisk.of(model, churnInputs(model, state, features, scores, rfm, q, now));
        return new PersonValue(model.currency(), ranked, profitability, churn,
                model.planId() == null ? "" : model.planId(), model.planVersion());
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
