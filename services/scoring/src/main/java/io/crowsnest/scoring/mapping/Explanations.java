package io.crowsnest.scoring.mapping;

import java.util.List;

import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.domain.Contribution;
import io.crowsnest.scoring.domain.ScoreExplanations;
import io.crowsnest.scoring.v1.ScoreContribution;
import io.crowsnest.scoring.v1.ScoreValue;

/** Every active score of a person with its top contributions (domain/ScoreExplanations), as the contract shows them. */
public final class Explanations {

    private Explanations() {
    }

    public static List<ScoreValue> scores(List<ScoreExplanations.Explained> explained) {
        return explained.stream().map(Explanations::value).toList();
    }

    private static ScoreValue value(ScoreExplanations.Explained e) {
        ScoreValue.Builder value = ScoreValue.newBuilder().setName(e.score().definition().name()).setValue(e.value())
                .setPlanId(e.score().planId()).setPlanVersion(e.score().planVersion())
                .setHalfLifeSeconds(e.score().definition().halfLifeSeconds())
                .setMinValue(e.score().definition().minValue()).setMaxValue(e.score().definition().maxValue());
        if (e.lastAwardedAt() != null) {
            value.setLastAwardedAt(Timestamps.of(e.lastAwardedAt()));
        }
        e.top().forEach(w -> value.addTopContributions(contribution(w)));
        return value.setOtherPoints(e.otherPoints()).build();
    }

    private static ScoreContribution contribution(ScoreExplanations.Weighed w) {
        Contribution c = w.contribution();
        return ScoreContribution.newBuilder().setPlanId(c.planId()).setPlanVersion(c.planVersion())
                .setRuleId(c.ruleId()).setRuleDescription(w.ruleDescription()).setEventId(c.eventId())
                .setEventType(c.eventType()).setOccurredAt(Timestamps.of(c.occurredAt()))
                .setPointsAwarded(c.awarded()).setPointsNow(w.pointsNow()).build();
    }
}
