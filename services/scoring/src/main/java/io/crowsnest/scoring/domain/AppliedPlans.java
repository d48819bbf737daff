package io.crowsnest.scoring.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.google.re2j.Pattern;

/** A checked plan as written ({@link PlanDraft}) as the domain rules apply it ({@link Plan}). */
public final class AppliedPlans {

    private AppliedPlans() {
    }

    /** @param currency the reporting currency when the plan's value model names none */
    public static Plan of(PlanDraft plan, long version, String currency) {
        List<ScoreDefinition> scores = plan.scores().stream().map(s -> new ScoreDefinition(s.name(),
                s.halfLifeSeconds(), s.minValue(), s.maxValue())).toList();
        List<Rule> rules = plan.rules().stream().map(AppliedPlans::rule).toList();
        return new Plan(plan.planId(), version, scores, rules,
                plan.valueModel() != null ? valueModel(plan.valueModel(), plan.planId(), version, currency) : null);
    }

    /** A checked value model with the built-in default for every field left unset. */
    private static ValueModel valueModel(PlanDraft.ValueModelDraft m, String planId, long version, String currency) {
        ValueModel defaults = ValueModel.defaults(m.reportingCurrency().isEmpty() ? currency : m.reportingCurrency());
        List<ValueModel.Tier> tiers = m.tiers().isEmpty() ? defaults.tiers()
                : m.tiers().stream().map(t -> new ValueModel.Tier(t.tierId(), t.minMarginMinor())).toList();
        double intercept = m.churn() != null ? m.churn().intercept() : defaults.churnIntercept();
        List<ValueModel.Weight> weights = m.churn() != null ? m.churn().weights().stream()
                .map(w -> new ValueModel.Weight(w.input(), w.weight())).toList() : defaults.churnWeights();
        return new ValueModel(m.rfmWindow() != null ? duration(m.rfmWindow()) : defaults.rfmWindow(),
                defaults.currency(),
                m.refreshSeconds() == 0 ? defaults.refresh() : Duration.ofSeconds(m.refreshSeconds()),
                m.marginBasisPoints() == 0 ? defaults.marginBasisPoints() : m.marginBasisPoints(),
                tiers, intercept, weights, planId, version);
    }

    private static Rule rule(PlanDraft.RuleDraft rule) {
        Map<String, Double> points = new LinkedHashMap<>();
        for (PlanDraft.Points p : rule.points()) {
            points.put(p.scoreName(), p.points());
        }
        RuleCap cap = rule.cap() != null ? new RuleCap(rule.cap().maxApplications(), duration(rule.cap().window()))
                : null;
        return new Rule(rule.ruleId(), rule.description(), condition(rule.condition()),
                Collections.unmodifiableMap(points), cap);
    }

    private static EventCondition condition(PlanDraft.Condition c) {
        if (c == null) {
            return new EventCondition(Set.of(), new TreeSet<>(), Set.of(), null, 0, 0, 0, 0, List.of(), null);
        }
        Set<String> channels = new TreeSet<>(c.channels());
        List<PropertyCondition> properties = new ArrayList<>();
        for (PlanDraft.Property p : c.properties()) {
            Pattern pattern = p.operator() == PropertyOperator.MATCHES ? Pattern.compile((String) p.value()) : null;
            properties.add(new PropertyCondition(p.key(), p.operator(), p.value(), pattern));
        }
        Money minPurchase = c.minPurchaseCurrency() != null ? new Money(c.minPurchaseCurrency(), c.minPurchaseMinor())
                : null;
        return new EventCondition(Set.copyOf(c.eventTypes()), channels, Set.copyOf(c.sources()),
                c.referrerPattern().isEmpty() ? null : Pattern.compile(c.referrerPattern()),
                c.minPageDepth(), c.maxPageDepth(), c.minTimeOnPageSeconds(), c.maxTimeOnPageSeconds(),
                properties, minPurchase);
    }

    /** A rolling window as a duration: hours, days of 24 h, weeks of 7 days, months of 30 days. */
    public static Duration duration(PlanDraft.Window window) {
        if (window == null) {
            throw new IllegalArgumentException("a window left out was not checked");
        }
        Duration unit = switch (window.unit() == null ? "" : window.unit()) {
            case "HOURS" -> Duration.ofHours(1);
            case "DAYS" -> Duration.ofDays(1);
            case "WEEKS" -> Duration.ofDays(7);
            case "MONTHS" -> Duration.ofDays(30);
            default -> throw new IllegalArgumentException("window unit " + window.unit() + " was not checked");
        };
        return unit.multipliedBy(window.length());
    }
}
