package io.crowsnest.decisioning.domain;

import java.util.Comparator;
import java.util.List;

/**
 * How an action ranks: by priority (higher first), then by score = P × C × V × L (higher first),
 * then by action id.
 */
public record Ranking(int priority, List<Factor> factors, boolean exploration) {

    public Ranking {
        factors = List.copyOf(factors);
    }

    /** The product of the factors. */
    public double score() {
        double product = 1.0;
        for (Factor f : factors) {
            product *= f.value();
        }
        return product;
    }

    public double factor(String name) {
        return factors.stream().filter(f -> f.name().equals(name)).mapToDouble(Factor::value).findFirst().orElse(0);
    }

    /** Best first. */
    public static <T> Comparator<T> order(java.util.function.Function<T, Ranking> ranking,
            java.util.function.Function<T, String> id) {
        Comparator<T> byPriority = Comparator.comparingInt(t -> -ranking.apply(t).priority());
        Comparator<T> byScore = Comparator.comparingDouble(t -> -ranking.apply(t).score());
        return byPriority.thenComparing(byScore).thenComparing(id);
    }
}
