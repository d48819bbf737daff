package io.crowsnest.scoring;

import static io.crowsnest.scoring.Scoring.event;
import static io.crowsnest.scoring.Scoring.plan;
import static io.crowsnest.scoring.Scoring.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.crowsnest.common.v1.Money;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.scoring.service.PlanCatalog;
import io.crowsnest.scoring.service.ValueScoring;
import io.crowsnest.scoring.v1.ChurnInput;
import io.crowsnest.scoring.v1.ChurnModel;
import io.crowsnest.scoring.v1.ChurnRisk;
import io.crowsnest.scoring.v1.ChurnWeight;
import io.crowsnest.scoring.v1.GetScoresRequest;
import io.crowsnest.scoring.v1.ProfitabilityTierRule;
import io.crowsnest.scoring.v1.ValueModel;
import io.crowsnest.scoring.v1.ValueScores;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Value scores through real gRPC: RFM with population boundaries, profitability tiers and churn
 * risk, first under the built-in model, then under a plan's value model.
 */
@QuarkusTest
@TestProfile(Stores.class)
class ValueScoresTest extends WithScoringClient {

    @Inject
    ValueScoring valueScoring;
    @Inject
    PlanCatalog plans;

    private void buy(String person, long minor, Instant at) {
        scoring.observe(event(person, "purchase", at).toBuilder()
                .setPurchaseAmount(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(minor)).build());
    }

    private ValueScores value(String person) {
        return scoring.stub.getScores(GetScoresRequest.newBuilder().setPerson(PersonRef.newBuilder()
                .setPersonId(person)).build()).getScores().getValue();
    }

    private static void assertLogistic(ChurnRisk risk) {
        double logit = risk.getIntercept() + risk.getInputsList().stream().mapToDouble(ChurnInput::getContribution)
                .sum();
        assertEquals(logit, risk.getLogit(), 1e-9);
        assertEquals(1 / (1 + Math.exp(-logit)), risk.getProbability(), 1e-9);
        for (ChurnInput i : risk.getInputsList()) {
            assertEquals(i.getValue() * i.getWeight(), i.getContribution(), 1e-9);
        }
    }

    @Test
    void valueScoresFollowPurchasesUnderTheBuiltInModelThenAPlansModel() {
        Instant now = Instant.now();
        String big = unique("person-");
        String small = unique("person-");
        String browser = unique("person-");
        buy(big, 100_000, now.minus(Duration.ofDays(3)));
        buy(big, 50_000, now.minusSeconds(5));
        buy(small, 2_000, now.minus(Duration.ofDays(20)));
        scoring.observe(event(browser, "page_view", now));
        valueScoring.recompute(valueScoring.model(plans.book(), Instant.now()));

        ValueScores rich = value(big);
        assertEquals(2, rich.getRfm().getPurchaseCount());
        assertEquals(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(150_000).build(),
                rich.getRfm().getMonetary());
        assertEquals(365, rich.getRfm().getWindow().getLength());
        assertEquals(4, rich.getRfm().getBoundaries().getMonetaryAmountsMinorCount());
        assertTrue(rich.getRfm().getBoundaries().getPopulationCount() >= 2);
        ValueScores poor = value(small);
        assertTrue(rich.getRfm().getMonetaryQuintile() >= poor.getRfm().getMonetaryQuintile());
        assertTrue(rich.getRfm().getRecencyQuintile() >= poor.getRfm().getRecencyQuintile());
        assertEquals("high", rich.getProfitability().getTierId());
        assertEquals(1, rich.getProfitability().getRank());
        assertEquals("low", poor.getProfitability().getTierId());
        assertEquals("", rich.getChurnRisk().getPlanId());
        assertLogistic(rich.getChurnRisk());

        ValueScores none = value(browser);
        assertFalse(none.hasRfm());
        assertFalse(none.hasProfitability());
        assertEquals(0, none.getChurnRisk().getInputsList().stream()
                .filter(i -> i.getInput().equals("purchases_in_rfm_window")).findFirst().orElseThrow().getValue(),
                1e-9);
        assertEquals(2, rich.getChurnRisk().getInputsList().stream()
                .filter(i -> i.getInput().equals("purchases_in_rfm_window")).findFirst().orElseThrow().getValue(),
                1e-9);
        assertLogistic(none.getChurnRisk());

        String score = unique("s");
        String planId = unique("p-");
        scoring.activePlan(plan(planId, score, unique("t")).toBuilder().setValueModel(ValueModel.newBuilder()
                .setReportingCurrencyCode("EUR").setMarginRateBasisPoints(5_000)
                .addProfitabilityTiers(ProfitabilityTierRule.newBuilder().setTierId("gold")
                        .setMinMargin(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(60_000)))
                .addProfitabilityTiers(ProfitabilityTierRule.newBuilder().setTierId("rest")
                        .setMinMargin(Money.newBuilder().setCurrencyCode("EUR")))
                .setChurnModel(ChurnModel.newBuilder().setIntercept(0.5).addWeights(ChurnWeight.newBuilder()
                        .setInput("purchases_in_rfm_window").setWeight(-1)))).build());
        ValueScores custom = value(big);
        assertEquals("gold", custom.getProfitability().getTierId());
        assertEquals(75_000, custom.getProfitability().getEstimatedMargin().getAmountMinor());
        assertEquals(5_000, custom.getProfitability().getMarginRateBasisPoints());
        assertEquals(planId, custom.getChurnRisk().getPlanId());
        assertEquals(0.5 - 2, custom.getChurnRisk().getLogit(), 1e-9);
        assertEquals("rest", value(small).getProfitability().getTierId());
    }
}
