package io.crowsnest.scoring.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.domain.Contribution;
import io.crowsnest.scoring.domain.Decay;
import io.crowsnest.scoring.domain.HalfLife;
import io.crowsnest.scoring.domain.PersonState;
import io.crowsnest.scoring.domain.PlanBook;
import io.crowsnest.scoring.domain.Rule;
import io.crowsnest.scoring.domain.ScoreState;
import io.crowsnest.scoring.v1.ScoreContribution;
import io.crowsnest.scoring.v1.ScoreValue;

/** Every active score of a person at an instant, with its top contributions from the contribution log. */
final class Explanations {

    private Explanations() {
    }

    static List<ScoreValue> scores(PlanBook book, PersonState state, Instant now, int limit) {
        List<ScoreValue> out = new ArrayList<>();
        for (PlanBook.OwnedScore owned : book.scores(now)) {
            String name = owned.definition().name();
            List<HalfLife> halfLives = book.halfLives(name);
            ScoreState held = state.scores().get(name);
            double raw = held == null ? 0 : held.unclamped(halfLives, now);
            ScoreValue.Builder value = ScoreValue.newBuilder().setName(name).setValue(owned.definition().clamp(raw))
                    .setPlanId(owned.planId()).setPlanVersion(owned.planVersion())
                    .setHalfLifeSeconds(owned.definition().halfLifeSeconds())
                    .setMinValue(owned.definition().minValue()).setMaxValue(owned.definition().maxValue());
            if (held != null) {
                value.setLastAwardedAt(Timestamps.of(held.lastAwardedAt()));
            }
            List<ScoreContribution> top = state.contributions().stream().filter(c -> c.score().equals(name))
                    .map(c -> contribution(book, c, halfLives, now))
                    .sorted(Comparator.comparingDouble((ScoreContribution c) -> -Math.abs(c.getPointsNow()))
                            .thenComparing(c -> Timestamps.instant(c.getOccurredAt()), Comparator.reverseOrder()))
                    .limit(limit).toList();
            double listed = top.stream().mapToDouble(ScoreContribution::getPointsNow).sum();
            out.add(value.addAllTopContributions(top).setOtherPoints(raw - listed).build());
        }
        return out;
    }

    private static ScoreContribution contribution(PlanBook book, Contribution c, List<HalfLife> halfLives,
            Instant now) {
        String description = book.version(c.planId(), c.planVersion()).flatMap(p -> p.rule(c.ruleId()))
                .map(Rule::description).orElse("");
        return ScoreContribution.newBuilder().setPlanId(c.planId()).setPlanVersion(c.planVersion())
                .setRuleId(c.ruleId()).setRuleDescription(description).setEventId(c.eventId())
                .setEventType(c.eventType()).setOccurredAt(Timestamps.of(c.occurredAt()))
                .setPointsAwarded(c.awarded())
                .setPointsNow(c.awarded() * Decay.factor(halfLives, c.occurredAt(), now)).build();
    }
}
