package io.crowsnest.decisioning.domain;

import java.util.random.RandomGenerator;

/** Draws from a Beta(α, β) distribution as X / (X + Y) with X ~ Gamma(α), Y ~ Gamma(β). */
final class BetaSampler {

    private BetaSampler() {
    }

    static double sample(double alpha, double beta, RandomGenerator random) {
        double x = gamma(alpha, random);
        double y = gamma(beta, random);
        return x + y == 0 ? 0 : x / (x + y);
    }

    /** Marsaglia and Tsang's method; shapes below 1 boosted by U^(1/shape). */
    private static double gamma(double shape, RandomGenerator random) {
        if (shape < 1) {
            double u = random.nextDouble();
            return gamma(1 + shape, random) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }
}
