package io.crowsnest.scoring.mapping;

import io.crowsnest.common.v1.Money;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.domain.PersonValue;
import io.crowsnest.scoring.v1.ChurnInput;
import io.crowsnest.scoring.v1.ChurnRisk;
import io.crowsnest.scoring.v1.ProfitabilityTier;
import io.crowsnest.scoring.v1.QuintileBoundaries;
import io.crowsnest.scoring.v1.RfmScore;
import io.crowsnest.scoring.v1.ValueScores;

/** A person's value scores as the contract shows them. */
public final class ValueMapping {

    private ValueMapping() {
    }

    public static ValueScores value(PersonValue v) {
        ValueScores.Builder out = ValueScores.newBuilder();
        if (v.rfm() != null) {
            PersonValue.Rfm r = v.rfm();
            out.setRfm(RfmScore.newBuilder().setRecencyQuintile(r.recencyQuintile())
                    .setFrequencyQuintile(r.frequencyQuintile()).setMonetaryQuintile(r.monetaryQuintile())
                    .setSecondsSinceLastPurchase(r.secondsSinceLastPurchase()).setPurchaseCount(r.purchaseCount())
                    .setMonetary(money(v, r.monetaryMinor())).setWindow(FeatureMapping.window(r.window()))
                    .setBoundaries(QuintileBoundaries.newBuilder()
                            .addAllRecencySeconds(r.boundaries().recencySeconds())
                            .addAllFrequencyCounts(r.boundaries().frequencyCounts())
                            .addAllMonetaryAmountsMinor(r.boundaries().monetaryMinor())
                            .setComputedAt(Timestamps.of(r.boundaries().computedAt()))
                            .setPopulationCount(r.boundaries().population())));
        }
        if (v.profitability() != null) {
            PersonValue.Profitability p = v.profitability();
            out.setProfitability(ProfitabilityTier.newBuilder().setTierId(p.tierId()).setRank(p.rank())
                    .setEstimatedMargin(money(v, p.marginMinor())).setMarginRateBasisPoints(p.marginBasisPoints())
                    .setTierMinMargin(money(v, p.tierMinMarginMinor())));
        }
        ChurnRisk.Builder risk = ChurnRisk.newBuilder().setProbability(v.churn().probability())
                .setLogit(v.churn().logit()).setIntercept(v.churn().intercept()).setPlanId(v.planId())
                .setPlanVersion(v.planVersion());
        v.churn().inputs().forEach(i -> risk.addInputs(ChurnInput.newBuilder().setInput(i.name()).setValue(i.value())
                .setWeight(i.weight()).setContribution(i.contribution())));
        return out.setChurnRisk(risk).build();
    }

    private static Money money(PersonValue v, long minor) {
        return Money.newBuilder().setCurrencyCode(v.currency()).setAmountMinor(minor).build();
    }
}
