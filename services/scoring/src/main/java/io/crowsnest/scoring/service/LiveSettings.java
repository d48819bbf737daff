package io.crowsnest.scoring.service;

import java.time.Duration;
import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.Features;
import io.crowsnest.scoring.domain.ValueModel;
import io.crowsnest.scoring.store.LiveStore;

/** How far back the live store keeps what the features, redeliveries and value scores (RFM window) need. */
@ApplicationScoped
public class LiveSettings {

    @Inject
    ScoringConfig config;
    @Inject
    PlanCatalog plans;
    @Inject
    Clock clock;

    public LiveStore.Windows windows() {
        Duration features = Features.RECENT;
        for (Duration window : config.frequencyWindows()) {
            features = window.compareTo(features) > 0 ? window : features;
        }
        Duration purchases = plans.book().valueModel(clock.instant()).map(ValueModel::rfmWindow)
                .filter(w -> w.compareTo(ValueModel.DEFAULT_WINDOW) > 0).orElse(ValueModel.DEFAULT_WINDOW);
        return new LiveStore.Windows(features, config.eventIdRetention(), purchases);
    }
}
