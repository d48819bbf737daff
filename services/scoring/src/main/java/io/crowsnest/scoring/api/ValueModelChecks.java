package io.crowsnest.scoring.api;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.scoring.domain.ChurnInputs;
import io.crowsnest.scoring.v1.ChurnModel;
import io.crowsnest.scoring.v1.ProfitabilityTierRule;
import io.crowsnest.scoring.v1.ValueModel;

/** Checks the value model of a plan: RFM window, currency, refresh, margin, tiers and churn weights. */
final class ValueModelChecks {

    private static final Pattern TIER_ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private ValueModelChecks() {
    }

    /** @param scores score names churn weights may name as "score.<name>" */
    static void validate(ValueModel model, String path, Set<String> scores, RequestChecks checks) {
        if (model.hasRfmWindow()) {
            WindowChecks.check(model.getRfmWindow(), true, path + ".rfm_window", checks);
        }
        if (!model.getReportingCurrencyCode().isEmpty()) {
            WindowChecks.currency(model.getReportingCurrencyCode(), path + ".reporting_currency_code", checks);
        }
        long refresh = model.getRfmBoundariesRefreshIntervalSeconds();
        if (refresh != 0 && (refresh < 300 || refresh > 604_800)) {
            checks.add(path + ".rfm_boundaries_refresh_interval_seconds", "must be 0 (default) or 300 to 604,800, got "
                    + refresh);
        }
        int margin = model.getMarginRateBasisPoints();
        if (margin < 0 || margin > 10_000) {
            checks.add(path + ".margin_rate_basis_points", "must be 0 (default) or 1 to 10,000, got " + margin);
        }
        tiers(model, path, checks);
        if (model.hasChurnModel()) {
            churn(model.getChurnModel(), path + ".churn_model", scores, checks);
        }
    }

    private static void tiers(ValueModel model, String path, RequestChecks checks) {
        int count = model.getProfitabilityTiersCount();
        if (count > 10) {
            checks.add(path + ".profitability_tiers", "must hold 1 to 10 tiers, got " + count);
        }
        Set<String> ids = new HashSet<>();
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            ProfitabilityTierRule tier = model.getProfitabilityTiers(i);
            String at = path + ".profitability_tiers[" + i + "]";
            checks.pattern(tier.getTierId(), TIER_ID, at + ".tier_id", "[a-z][a-z0-9-]{0,31}");
            if (!tier.getTierId().isEmpty() && !ids.add(tier.getTierId())) {
                checks.add(at + ".tier_id", "tier '" + tier.getTierId() + "' is defined twice");
            }
            String currency = tier.getMinMargin().getCurrencyCode();
            if (!model.getReportingCurrencyCode().isEmpty() && !currency.equals(model.getReportingCurrencyCode())) {
                checks.add(at + ".min_margin.currency_code", "must be the reporting currency "
                        + model.getReportingCurrencyCode() + ", got '" + currency + "'");
            } else {
                WindowChecks.currency(currency, at + ".min_margin.currency_code", checks);
            }
            long amount = tier.getMinMargin().getAmountMinor();
            if (amount < 0 || amount >= previous) {
                checks.add(at + ".min_margin.amount_minor", "tiers must go from most to least profitable with "
                        + "descending, non-negative minimum margins; got " + amount + " after " + previous);
            }
            if (i == count - 1 && amount != 0) {
                checks.add(at + ".min_margin.amount_minor", "the last tier must have a minimum margin of 0 so that "
                        + "it catches everyone else, got " + amount);
            }
            previous = amount;
        }
    }

    private static void churn(ChurnModel model, String path, Set<String> scores, RequestChecks checks) {
        if (!Double.isFinite(model.getIntercept())) {
            checks.add(path + ".intercept", "must be a finite number");
        }
        if (model.getWeightsCount() < 1 || model.getWeightsCount() > 30) {
            checks.add(path + ".weights", "must hold 1 to 30 weights, got " + model.getWeightsCount());
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < model.getWeightsCount(); i++) {
            String input = model.getWeights(i).getInput();
            String at = path + ".weights[" + i + "]";
            if (!ChurnInputs.isKnown(input, scores)) {
                checks.add(at + ".input", "unknown churn input '" + input + "'; use one of "
                        + String.join(", ", ChurnInputs.BUILT_IN) + " or score.<name> of a defined score");
            } else if (!seen.add(input)) {
                checks.add(at + ".input", "input '" + input + "' is weighted twice");
            }
            if (!Double.isFinite(model.getWeights(i).getWeight())) {
                checks.add(at + ".weight", "must be a finite number");
            }
        }
    }
}
