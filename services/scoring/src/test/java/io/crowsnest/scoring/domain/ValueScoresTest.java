package io.crowsnest.scoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ValueScoresTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void quintileBoundariesAreTheTwentiethToEightiethPercentilesAndFiveIsBest() {
        List<RfmFigures> purchasers = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            purchasers.add(new RfmFigures(i, i * 1000L, NOW.minus(Duration.ofDays(i))));
        }
        Quintiles q = Quintiles.of(purchasers, NOW);
        assertEquals(List.of(2L, 4L, 6L, 8L), q.frequencyCounts());
        assertEquals(List.of(2000L, 4000L, 6000L, 8000L), q.monetaryMinor());
        assertEquals(List.of(2 * 86_400L, 4 * 86_400L, 6 * 86_400L, 8 * 86_400L), q.recencySeconds());
        assertEquals(10, q.population());
        assertEquals(1, q.frequency(2));
        assertEquals(2, q.frequency(3));
        assertEquals(5, q.frequency(9));
        assertEquals(5, q.recency(86_400));
        assertEquals(1, q.recency(9 * 86_400));
        assertEquals(5, q.monetary(10_000));
    }

    @Test
    void churnRiskIsTheLogisticOfTheWeightedInputsLargestContributionFirst() {
        ValueModel model = ValueModel.defaults("EUR");
        ChurnRisk risk = ChurnRisk.of(model, Map.of("days_since_last_event", 50.0, "events_last_30_days", 4.0));
        double logit = -1.0 + 0.04 * 50 - 0.05 * 4;
        assertEquals(logit, risk.logit(), 1e-12);
        assertEquals(1 / (1 + Math.exp(-logit)), risk.probability(), 1e-12);
        assertEquals("days_since_last_event", risk.inputs().get(0).name());
        assertEquals(2.0, risk.inputs().get(0).contribution(), 1e-12);
        assertEquals(0.0, risk.inputs().get(3).contribution(), 1e-12);
    }

    @Test
    void theFirstTierWhoseMinimumIsReachedWinsAndTheLastCatchesEveryoneElse() {
        ValueModel model = ValueModel.defaults("EUR");
        assertEquals(1, model.rank(150_000));
        assertEquals(2, model.rank(10_000));
        assertEquals(3, model.rank(9_999));
        assertEquals(3, model.rank(-500));
    }

    @Test
    void rfmFiguresCountEveryPurchaseButOnlyAmountsInTheReportingCurrency() {
        PersonState state = new PersonState(NOW, NOW, 3, 3, NOW, Map.of(), Map.of(), List.of(), List.of(), Map.of(),
                List.of(new Purchase("a", NOW.minus(Duration.ofDays(400)), new Money("EUR", 9999)),
                        new Purchase("b", NOW.minus(Duration.ofDays(10)), new Money("EUR", 2500)),
                        new Purchase("c", NOW.minus(Duration.ofDays(5)), new Money("USD", 7000)),
                        new Purchase("d", NOW.minus(Duration.ofDays(1)), null)),
                List.of(), List.of());
        RfmFigures f = RfmFigures.of(state, ValueModel.defaults("EUR"), NOW);
        assertEquals(3, f.count());
        assertEquals(2500, f.monetaryMinor());
        assertEquals(86_400, f.secondsSinceLast(NOW));
    }
}
