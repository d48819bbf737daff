package io.crowsnest.scoring.domain;

/** A named score of a plan: its half-life (0 = no decay) and the range its value is clamped to. */
public record ScoreDefinition(String name, long halfLifeSeconds, double minValue, double maxValue) {

    public double clamp(double value) {
        return Math.max(minValue, Math.min(maxValue, value));
    }
}
