package io.crowsnest.scoring.mapping;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.Value;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Money;
import io.crowsnest.common.v1.RollingWindow;
import io.crowsnest.common.v1.WindowUnit;
import io.crowsnest.scoring.domain.PlanDraft;
import io.crowsnest.scoring.domain.PropertyOperator;
import io.crowsnest.scoring.v1.ChurnModel;
import io.crowsnest.scoring.v1.ChurnWeight;
import io.crowsnest.scoring.v1.EventCondition;
import io.crowsnest.scoring.v1.ProfitabilityTierRule;
import io.crowsnest.scoring.v1.PropertyCondition;
import io.crowsnest.scoring.v1.RuleCap;
import io.crowsnest.scoring.v1.ScoreDefinition;
import io.crowsnest.scoring.v1.ScorePoints;
import io.crowsnest.scoring.v1.ScoringPlan;
import io.crowsnest.scoring.v1.ScoringRule;
import io.crowsnest.scoring.v1.ValueModel;

/**
 * A scoring plan between the contract and the domain: as a request writes it ({@link PlanDraft}),
 * for the domain's PlanRules to check, and back, every field as written (a stored plan is read as
 * it was written).
 */
public final class PlanDrafts {

    private PlanDrafts() {
    }

    public static PlanDraft of(ScoringPlan plan) {
        return new PlanDraft(plan.getPlanId(), plan.getDisplayName(), plan.getDescription(),
                plan.getScoresList().stream().map(s -> new PlanDraft.Score(s.getName(), s.getDescription(),
                        s.getHalfLifeSeconds(), s.getMinValue(), s.getMaxValue())).toList(),
                plan.getRulesList().stream().map(PlanDrafts::rule).toList(),
                plan.hasValueModel() ? valueModel(plan.getValueModel()) : null);
    }

    private static PlanDraft.RuleDraft rule(ScoringRule r) {
        return new PlanDraft.RuleDraft(r.getRuleId(), r.getDescription(),
                r.hasCondition() ? condition(r.getCondition()) : null,
                r.getPointsList().stream().map(p -> new PlanDraft.Points(p.getScoreName(), p.getPoints())).toList(),
                r.hasCap() ? new PlanDraft.Cap(r.getCap().getMaxApplications(),
                        r.getCap().hasWindow() ? window(r.getCap().getWindow()) : null) : null);
    }

    private static PlanDraft.Condition condition(EventCondition c) {
        List<String> channels = new ArrayList<>();
        for (Channel channel : c.getChannelsList()) {
            channels.add(channel == Channel.CHANNEL_UNSPECIFIED || channel == Channel.UNRECOGNIZED ? null
                    : EventMapping.channel(channel));
        }
        return new PlanDraft.Condition(c.getEventTypesList(), channels, c.getSourcesList(), c.getReferrerPattern(),
                c.getMinPageDepth(), c.getMaxPageDepth(), c.getMinTimeOnPageSeconds(), c.getMaxTimeOnPageSeconds(),
                c.getPropertiesList().stream().map(PlanDrafts::property).toList(),
                c.hasMinPurchaseAmount() ? c.getMinPurchaseAmount().getCurrencyCode() : null,
                c.getMinPurchaseAmount().getAmountMinor());
    }

    private static PlanDraft.Property property(PropertyCondition p) {
        PropertyOperator operator = switch (p.getOperator()) {
            case PROPERTY_OPERATOR_UNSPECIFIED, UNRECOGNIZED -> null;
            default -> PropertyOperator.valueOf(p.getOperator().name().substring("PROPERTY_OPERATOR_".length()));
        };
        Value value = p.getValue();
        PlanDraft.JsonKind kind = switch (value.getKindCase()) {
            case KIND_NOT_SET -> PlanDraft.JsonKind.NOTHING;
            case NULL_VALUE -> PlanDraft.JsonKind.NULL;
            case NUMBER_VALUE -> PlanDraft.JsonKind.NUMBER;
            case STRING_VALUE -> PlanDraft.JsonKind.STRING;
            case BOOL_VALUE -> PlanDraft.JsonKind.BOOLEAN;
            case STRUCT_VALUE -> PlanDraft.JsonKind.OBJECT;
            case LIST_VALUE -> PlanDraft.JsonKind.LIST;
        };
        return new PlanDraft.Property(p.getKey(), operator, kind, value.getStringValue(),
                DomainJson.VALUES.plain(value));
    }

    private static PlanDraft.Window window(RollingWindow w) {
        String unit = switch (w.getUnit()) {
            case WINDOW_UNIT_HOURS -> "HOURS";
            case WINDOW_UNIT_DAYS -> "DAYS";
            case WINDOW_UNIT_WEEKS -> "WEEKS";
            case WINDOW_UNIT_MONTHS -> "MONTHS";
            default -> null;
        };
        return new PlanDraft.Window(w.getLength(), unit);
    }

    private static PlanDraft.ValueModelDraft valueModel(ValueModel m) {
        ChurnModel churn = m.getChurnModel();
        return new PlanDraft.ValueModelDraft(m.hasRfmWindow() ? window(m.getRfmWindow()) : null,
                m.getReportingCurrencyCode(), m.getRfmBoundariesRefreshIntervalSeconds(),
                m.getMarginRateBasisPoints(),
                m.getProfitabilityTiersList().stream().map(t -> new PlanDraft.Tier(t.getTierId(),
                        t.getMinMargin().getCurrencyCode(), t.getMinMargin().getAmountMinor())).toList(),
                m.hasChurnModel() ? new PlanDraft.Churn(churn.getIntercept(), churn.getWeightsList().stream()
                        .map(w -> new PlanDraft.Weight(w.getInput(), w.getWeight())).toList()) : null);
    }

    public static ScoringPlan plan(PlanDraft plan) {
        ScoringPlan.Builder out = ScoringPlan.newBuilder().setPlanId(plan.planId())
                .setDisplayName(plan.displayName()).setDescription(plan.description());
        plan.scores().forEach(s -> out.addScores(ScoreDefinition.newBuilder().setName(s.name())
                .setDescription(s.description()).setHalfLifeSeconds(s.halfLifeSeconds()).setMinValue(s.minValue())
                .setMaxValue(s.maxValue())));
        plan.rules().forEach(r -> out.addRules(rule(r)));
        if (plan.valueModel() != null) {
            out.setValueModel(valueModel(plan.valueModel()));
        }
        return out.build();
    }

    private static ScoringRule rule(PlanDraft.RuleDraft r) {
        ScoringRule.Builder out = ScoringRule.newBuilder().setRuleId(r.ruleId()).setDescription(r.description());
        if (r.condition() != null) {
            out.setCondition(condition(r.condition()));
        }
        r.points().forEach(p -> out.addPoints(ScorePoints.newBuilder().setScoreName(p.scoreName())
                .setPoints(p.points())));
        if (r.cap() != null) {
            RuleCap.Builder cap = RuleCap.newBuilder().setMaxApplications(r.cap().maxApplications());
            if (r.cap().window() != null) {
                cap.setWindow(window(r.cap().window()));
            }
            out.setCap(cap);
        }
        return out.build();
    }

    private static EventCondition condition(PlanDraft.Condition c) {
        EventCondition.Builder out = EventCondition.newBuilder().addAllEventTypes(c.eventTypes())
                .addAllSources(c.sources()).setReferrerPattern(c.referrerPattern()).setMinPageDepth(c.minPageDepth())
                .setMaxPageDepth(c.maxPageDepth()).setMinTimeOnPageSeconds(c.minTimeOnPageSeconds())
                .setMaxTimeOnPageSeconds(c.maxTimeOnPageSeconds());
        c.channels().forEach(channel -> out.addChannels(channel == null ? Channel.CHANNEL_UNSPECIFIED
                : EventMapping.channel(channel)));
        for (PlanDraft.Property p : c.properties()) {
            PropertyCondition.Builder property = PropertyCondition.newBuilder().setKey(p.key()).setOperator(
                    p.operator() == null ? io.crowsnest.scoring.v1.PropertyOperator.PROPERTY_OPERATOR_UNSPECIFIED
                            : io.crowsnest.scoring.v1.PropertyOperator.valueOf("PROPERTY_OPERATOR_"
                                    + p.operator().name()));
            if (p.value() != null) {
                property.setValue(DomainJson.VALUES.value(p.value()));
            }
            out.addProperties(property);
        }
        if (c.minPurchaseCurrency() != null) {
            out.setMinPurchaseAmount(Money.newBuilder().setCurrencyCode(c.minPurchaseCurrency())
                    .setAmountMinor(c.minPurchaseMinor()));
        }
        return out.build();
    }

    private static RollingWindow window(PlanDraft.Window w) {
        return RollingWindow.newBuilder().setLength((int) w.length()).setUnit(w.unit() == null
                ? WindowUnit.WINDOW_UNIT_UNSPECIFIED : WindowUnit.valueOf("WINDOW_UNIT_" + w.unit())).build();
    }

    private static ValueModel valueModel(PlanDraft.ValueModelDraft m) {
        ValueModel.Builder out = ValueModel.newBuilder().setReportingCurrencyCode(m.reportingCurrency())
                .setRfmBoundariesRefreshIntervalSeconds(m.refreshSeconds())
                .setMarginRateBasisPoints(m.marginBasisPoints());
        if (m.rfmWindow() != null) {
            out.setRfmWindow(window(m.rfmWindow()));
        }
        m.tiers().forEach(t -> {
            ProfitabilityTierRule.Builder tier = ProfitabilityTierRule.newBuilder().setTierId(t.tierId());
            if (!t.currency().isEmpty() || t.minMarginMinor() != 0) {
                tier.setMinMargin(Money.newBuilder().setCurrencyCode(t.currency()).setAmountMinor(t.minMarginMinor()));
            }
            out.addProfitabilityTiers(tier);
        });
        if (m.churn() != null) {
            ChurnModel.Builder churn = ChurnModel.newBuilder().setIntercept(m.churn().intercept());
            m.churn().weights().forEach(w -> churn.addWeights(ChurnWeight.newBuilder().setInput(w.input())
                    .setWeight(w.weight())));
            out.setChurnModel(churn);
        }
        return out.build();
    }
}
