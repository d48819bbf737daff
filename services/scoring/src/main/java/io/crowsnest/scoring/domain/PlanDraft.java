package io.crowsnest.scoring.domain;

import java.util.List;

/**
 * A scoring plan as a request writes it, before any check: every field as given, so that
 * {@link PlanRules} can say what is wrong with each. Lists keep their order and duplicates; a
 * part the request leaves out is null.
 */
public record PlanDraft(String planId, String displayName, String description, List<Score> scores,
        List<RuleDraft> rules, ValueModelDraft valueModel) {

    /** A score definition as written. */
    public record Score(String name, String description, long halfLifeSeconds, double minValue, double maxValue) {
    }

    /** A rule as written; cap null when the rule has none. */
    public record RuleDraft(String ruleId, String description, Condition condition, List<Points> points, Cap cap) {
    }

    /** Points a rule awards on one score. */
    public record Points(String scoreName, double points) {
    }

    /** A rule's cap; window null when left out. */
    public record Cap(int maxApplications, Window window) {
    }

    /** A rolling window: its length and unit (HOURS, DAYS, WEEKS, MONTHS; null when none of them). */
    public record Window(long length, String unit) {
    }

    /**
     * An event condition as written: a channel that names none is null; minPurchaseCurrency is null
     * when the condition sets no minimum purchase.
     */
    public record Condition(List<String> eventTypes, List<String> channels, List<String> sources,
            String referrerPattern, int minPageDepth, int maxPageDepth, int minTimeOnPageSeconds,
            int maxTimeOnPageSeconds, List<Property> properties, String minPurchaseCurrency) {
    }

    /**
     * A property condition: its key, its operator (null when it names none), and what its operand
     * is (text: the operand when it is a string).
     */
    public record Property(String key, PropertyOperator operator, JsonKind operand, String text) {
    }

    /** What kind of JSON value an operand is. */
    public enum JsonKind {
        NOTHING("nothing"), NULL("null"), NUMBER("a number"), STRING("a string"), BOOLEAN("a boolean"),
        OBJECT("an object"), LIST("a list");

        private final String words;

        JsonKind(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** A value model as written; rfmWindow and churn null when left out, currency "" when unset. */
    public record ValueModelDraft(Window rfmWindow, String reportingCurrency, long refreshSeconds,
            int marginBasisPoints, List<Tier> tiers, Churn churn) {
    }

    /** A profitability tier: its id and minimum margin. */
    public record Tier(String tierId, String currency, long minMarginMinor) {
    }

    /** A churn model: intercept and weights in order. */
    public record Churn(double intercept, List<Weight> weights) {
    }

    /** The weight of one churn input. */
    public record Weight(String input, double weight) {
    }
}
