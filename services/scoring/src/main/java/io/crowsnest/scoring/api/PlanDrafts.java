package io.crowsnest.scoring.api;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.Value;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.RollingWindow;
import io.crowsnest.scoring.domain.PlanDraft;
import io.crowsnest.scoring.domain.PropertyOperator;
import io.crowsnest.scoring.v1.ChurnModel;
import io.crowsnest.scoring.v1.EventCondition;
import io.crowsnest.scoring.v1.PropertyCondition;
import io.crowsnest.scoring.v1.ScoringPlan;
import io.crowsnest.scoring.v1.ScoringRule;
import io.crowsnest.scoring.v1.ValueModel;

/** A scoring plan of a request as written ({@link PlanDraft}), for the domain's PlanRules to check. */
final class PlanDrafts {

    private PlanDrafts() {
    }

    static PlanDraft of(ScoringPlan plan) {
        return new PlanDraft(plan.getPlanId(), plan.getDisplayName(), plan.getDescription(),
                plan.getScoresList().stream().map(s -> new PlanDraft.Score(s.getName(), s.getDescription(),
                        s.getHalfLifeSeconds(), s.getMinValue(), s.getMaxValue())).toList(),
                plan.getRulesList().stream().map(PlanDrafts::rule).toList(),
                plan.hasValueModel() ? valueModel(plan.getValueModel()) : null);
    }

    private static PlanDraft.RuleDraft rule(ScoringRule r) {
        return new PlanDraft.RuleDraft(r.getRuleId(), r.getDescription(), condition(r.getCondition()),
                r.getPointsList().stream().map(p -> new PlanDraft.Points(p.getScoreName(), p.getPoints())).toList(),
                r.hasCap() ? new PlanDraft.Cap(r.getCap().getMaxApplications(),
                        r.getCap().hasWindow() ? window(r.getCap().getWindow()) : null) : null);
    }

    private static PlanDraft.Condition condition(EventCondition c) {
        List<String> channels = new ArrayList<>();
        for (Channel channel : c.getChannelsList()) {
            channels.add(channel == Channel.CHANNEL_UNSPECIFIED || channel == Channel.UNRECOGNIZED ? null
                    : channel.name());
        }
        return new PlanDraft.Condition(c.getEventTypesList(), channels, c.getSourcesList(), c.getReferrerPattern(),
                c.getMinPageDepth(), c.getMaxPageDepth(), c.getMinTimeOnPageSeconds(), c.getMaxTimeOnPageSeconds(),
                c.getPropertiesList().stream().map(PlanDrafts::property).toList(),
                c.hasMinPurchaseAmount() ? c.getMinPurchaseAmount().getCurrencyCode() : null);
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
        return new PlanDraft.Property(p.getKey(), operator, kind, value.getStringValue());
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
}
