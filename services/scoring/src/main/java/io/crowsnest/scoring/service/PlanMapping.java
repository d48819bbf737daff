package io.crowsnest.scoring.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.google.re2j.Pattern;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.RollingWindow;
import io.crowsnest.scoring.domain.EventCondition;
import io.crowsnest.scoring.domain.Money;
import io.crowsnest.scoring.domain.Plan;
import io.crowsnest.scoring.domain.PropertyCondition;
import io.crowsnest.scoring.domain.PropertyOperator;
import io.crowsnest.scoring.domain.Rule;
import io.crowsnest.scoring.domain.RuleCap;
import io.crowsnest.scoring.domain.ScoreDefinition;
import io.crowsnest.scoring.domain.ValueModel;
import io.crowsnest.scoring.v1.ScorePoints;
import io.crowsnest.scoring.v1.ScoringPlan;
import io.crowsnest.scoring.v1.ScoringRule;

/** A checked scoring plan (contract) as the domain rules apply it. */
final class PlanMapping {

    private PlanMapping() {
    }

    /** @param currency the reporting currency when the plan's value model names none */
    static Plan plan(ScoringPlan plan, long version, String currency) {
        List<ScoreDefinition> scores = plan.getScoresList().stream().map(s -> new ScoreDefinition(s.getName(),
                s.getHalfLifeSeconds(), s.getMinValue(), s.getMaxValue())).toList();
        List<Rule> rules = plan.getRulesList().stream().map(PlanMapping::rule).toList();
        return new Plan(plan.getPlanId(), version, scores, rules,
                plan.hasValueModel() ? valueModel(plan.getValueModel(), plan.getPlanId(), version, currency) : null);
    }

    /** A checked value model with the built-in default for every field left unset. */
    private static ValueModel valueModel(io.crowsnest.scoring.v1.ValueModel m, String planId, long version,
            String currency) {
        ValueModel defaults = ValueModel.defaults(m.getReportingCurrencyCode().isEmpty() ? currency
                : m.getReportingCurrencyCode());
        List<ValueModel.Tier> tiers = m.getProfitabilityTiersCount() == 0 ? defaults.tiers()
                : m.getProfitabilityTiersList().stream().map(t -> new ValueModel.Tier(t.getTierId(),
                        t.getMinMargin().getAmountMinor())).toList();
        double intercept = m.hasChurnModel() ? m.getChurnModel().getIntercept() : defaults.churnIntercept();
        List<ValueModel.Weight> weights = m.hasChurnModel() ? m.getChurnModel().getWeightsList().stream()
                .map(w -> new ValueModel.Weight(w.getInput(), w.getWeight())).toList() : defaults.churnWeights();
        return new ValueModel(m.hasRfmWindow() ? PlanMapping.duration(m.getRfmWindow()) : defaults.rfmWindow(),
                defaults.currency(), m.getRfmBoundariesRefreshIntervalSeconds() == 0 ? defaults.refresh()
                        : Duration.ofSeconds(m.getRfmBoundariesRefreshIntervalSeconds()),
                m.getMarginRateBasisPoints() == 0 ? defaults.marginBasisPoints() : m.getMarginRateBasisPoints(),
                tiers, intercept, weights, planId, version);
    }

    private static Rule rule(ScoringRule rule) {
        Map<String, Double> points = new LinkedHashMap<>();
        for (ScorePoints p : rule.getPointsList()) {
            points.put(p.getScoreName(), p.getPoints());
        }
        RuleCap cap = rule.hasCap()
                ? new RuleCap(rule.getCap().getMaxApplications(), PlanMapping.duration(rule.getCap().getWindow()))
                : null;
        return new Rule(rule.getRuleId(), rule.getDescription(), condition(rule.getCondition()),
                Collections.unmodifiableMap(points), cap);
    }

    private static EventCondition condition(io.crowsnest.scoring.v1.EventCondition c) {
        Set<String> channels = new TreeSet<>();
        for (Channel channel : c.getChannelsList()) {
            channels.add(EventMapping.channel(channel));
        }
        List<PropertyCondition> properties = new ArrayList<>();
        for (io.crowsnest.scoring.v1.PropertyCondition p : c.getPropertiesList()) {
            PropertyOperator operator = PropertyOperator.valueOf(p.getOperator().name()
                    .substring("PROPERTY_OPERATOR_".length()));
            Object operand = EventMapping.json(p.getValue());
            Pattern pattern = operator == PropertyOperator.MATCHES ? Pattern.compile((String) operand) : null;
            properties.add(new PropertyCondition(p.getKey(), operator, operand, pattern));
        }
        Money minPurchase = c.hasMinPurchaseAmount() ? new Money(c.getMinPurchaseAmount().getCurrencyCode(),
                c.getMinPurchaseAmount().getAmountMinor()) : null;
        return new EventCondition(Set.copyOf(c.getEventTypesList()), channels, Set.copyOf(c.getSourcesList()),
                c.getReferrerPattern().isEmpty() ? null : Pattern.compile(c.getReferrerPattern()),
                c.getMinPageDepth(), c.getMaxPageDepth(), c.getMinTimeOnPageSeconds(), c.getMaxTimeOnPageSeconds(),
                properties, minPurchase);
    }

    /** A rolling window as a duration: hours, days of 24 h, weeks of 7 days, months of 30 days. */
    static Duration duration(RollingWindow window) {
        Duration unit = switch (window.getUnit()) {
            case WINDOW_UNIT_HOURS -> Duration.ofHours(1);
            case WINDOW_UNIT_DAYS -> Duration.ofDays(1);
            case WINDOW_UNIT_WEEKS -> Duration.ofDays(7);
            case WINDOW_UNIT_MONTHS -> Duration.ofDays(30);
            default -> throw new IllegalArgumentException("window unit " + window.getUnit() + " was not checked");
        };
        return unit.multipliedBy(window.getLength());
    }
}
