package io.crowsnest.scoring.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What makes a plan's value model valid: an RFM window and reporting currency that exist, a refresh
 * interval and margin rate in range, 1 to 10 profitability tiers from most to least profitable
 * (the last at 0, all in the reporting currency), and 1 to 30 churn weights on known inputs.
 */
final class ValueModelRules {

    private static final Pattern TIER_ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private ValueModelRules() {
    }

    /** @param scores score names churn weights may name as "score.<name>" */
    static void check(PlanDraft.ValueModelDraft model, String path, Set<String> scores, Violations v) {
        if (model.rfmWindow() != null) {
            PlanRules.window(model.rfmWindow(), path + ".rfm_window", v);
        }
        if (!model.reportingCurrency().isEmpty()) {
            PlanRules.currency(model.reportingCurrency(), path + ".reporting_currency_code", v);
        }
        long refresh = model.refreshSeconds();
        if (refresh != 0 && (refresh < 300 || refresh > 604_800)) {
            v.add(path + ".rfm_boundaries_refresh_interval_seconds", "must be 0 (default) or 300 to 604,800, got "
                    + refresh);
        }
        int margin = model.marginBasisPoints();
        if (margin < 0 || margin > 10_000) {
            v.add(path + ".margin_rate_basis_points", "must be 0 (default) or 1 to 10,000, got " + margin);
        }
        tiers(model, path, v);
        if (model.churn() != null) {
            churn(model.churn(), path + ".churn_model", scores, v);
        }
    }

    private static void tiers(PlanDraft.ValueModelDraft model, String path, Violations v) {
        List<PlanDraft.Tier> tiers = model.tiers();
        int count = tiers.size();
        if (count > 10) {
            v.add(path + ".profitability_tiers", "must hold 1 to 10 tiers, got " + count);
        }
        Set<String> ids = new HashSet<>();
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            PlanDraft.Tier tier = tiers.get(i);
            String at = path + ".profitability_tiers[" + i + "]";
            v.pattern(tier.tierId(), TIER_ID, at + ".tier_id", "[a-z][a-z0-9-]{0,31}");
            if (!tier.tierId().isEmpty() && !ids.add(tier.tierId())) {
                v.add(at + ".tier_id", "tier '" + tier.tierId() + "' is defined twice");
            }
            if (!model.reportingCurrency().isEmpty() && !tier.currency().equals(model.reportingCurrency())) {
                v.add(at + ".min_margin.currency_code", "must be the reporting currency " + model.reportingCurrency()
                        + ", got '" + tier.currency() + "'");
            } else {
                PlanRules.currency(tier.currency(), at + ".min_margin.currency_code", v);
            }
            long amount = tier.minMarginMinor();
            if (amount < 0 || amount >= previous) {
                v.add(at + ".min_margin.amount_minor", "tiers must go from most to least profitable with "
                        + "descending, non-negative minimum margins; got " + amount + " after " + previous);
            }
            if (i == count - 1 && amount != 0) {
                v.add(at + ".min_margin.amount_minor", "the last tier must have a minimum margin of 0 so that "
                        + "it catches everyone else, got " + amount);
            }
            previous = amount;
        }
    }

    private static void churn(PlanDraft.Churn model, String path, Set<String> scores, Violations v) {
        if (!Double.isFinite(model.intercept())) {
            v.add(path + ".intercept", "must be a finite number");
        }
        if (model.weights().size() < 1 || model.weights().size() > 30) {
            v.add(path + ".weights", "must hold 1 to 30 weights, got " + model.weights().size());
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < model.weights().size(); i++) {
            String input = model.weights().get(i).input();
            String at = path + ".weights[" + i + "]";
            if (!ChurnInputs.isKnown(input, scores)) {
                v.add(at + ".input", "unknown churn input '" + input + "'; use one of "
                        + String.join(", ", ChurnInputs.BUILT_IN) + " or score.<name> of a defined score");
            } else if (!seen.add(input)) {
                v.add(at + ".input", "input '" + input + "' is weighted twice");
            }
            if (!Double.isFinite(model.weights().get(i).weight())) {
                v.add(at + ".weight", "must be a finite number");
            }
        }
    }
}
