package io.crowsnest.scoring.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Why a person's scores are what they are: for every active score its value now and the
 * contributions that weigh most now (largest absolute points after decay first, the more recent
 * first among equals), the rest summed as other points, so that the listed points and the other
 * points add up to the value before clamping.
 */
public final class ScoreExplanations {

    private ScoreExplanations() {
    }

    /** One contribution as it weighs now, with the description of the rule that awarded it ("" when unknown). */
    public record Weighed(Contribution contribution, String ruleDescription, double pointsNow) {
    }

    /**
     * One score explained.
     *
     * @param lastAwardedAt null when the person was never awarded points on it
     */
    public record Explained(PlanBook.OwnedScore score, double value, Instant lastAwardedAt, List<Weighed> top,
            double otherPoints) {
    }

    /** Every score the plans in force own, in their order, with at most {@code limit} contributions each. */
    public static List<Explained> of(PlanBook book, PersonState state, Instant now, int limit) {
        List<Explained> out = new ArrayList<>();
        for (PlanBook.OwnedScore owned : book.scores(now)) {
            String name = owned.definition().name();
            List<HalfLife> halfLives = book.halfLives(name);
            ScoreState held = state.scores().get(name);
            double raw = held == null ? 0 : held.unclamped(halfLives, now);
            List<Weighed> top = state.contributions().stream().filter(c -> c.score().equals(name))
                    .map(c -> weighed(book, c, halfLives, now))
                    .sorted(Comparator.comparingDouble((Weighed w) -> -Math.abs(w.pointsNow()))
                            .thenComparing(w -> w.contribution().occurredAt(), Comparator.reverseOrder()))
                    .limit(limit).toList();
            double listed = top.stream().mapToDouble(Weighed::pointsNow).sum();
            out.add(new Explained(owned, owned.definition().clamp(raw), held == null ? null : held.lastAwardedAt(),
                    top, raw - listed));
        }
        return out;
    }

    private static Weighed weighed(PlanBook book, Contribution c, List<HalfLife> halfLives, Instant now) {
        String description = book.version(c.planId(), c.planVersion()).flatMap(p -> p.rule(c.ruleId()))
                .map(Rule::description).orElse("");
        return new Weighed(c, description, c.awarded() * Decay.factor(halfLives, c.occurredAt(), now));
    }
}
