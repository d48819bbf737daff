package io.crowsnest.scoring.domain;

import java.util.List;

/**
 * A scoring plan as written, every field as given: before any check, so that {@link PlanRules}
 * can say what is wrong with each; once checked, it is the content of a stored plan version
 * ({@link AppliedPlans} makes it the {@link Plan} events are scored with). Lists keep their order
 * and duplicates; a part the request leaves out is null.
 */
public record PlanDraft(String planId, String displayName, String description, List<Score> scores,
        List<RuleDraft> rules, ValueModelDraft valueModel) {

    /** A score definition as written. */
    public record Score(String name, String description, long halfLifeSeconds, double minValue, double maxValue) {
    }

    /** A rule as written; condition null when the rule sets none (it matches every event), cap null without one. */
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
     * An event condition as written: channels by name without prefix ("WEB"), one that names none
     * null; minPurchaseCurrency is null when the condition sets no minimum purchase (its amount in
     * minor units then 0).
     */
    public record Condition(List<String> eventTypes, List<String> channels, List<String> sources,
            String referrerPattern, int minPageDepth, int maxPageDepth, int minTimeOnPageSeconds,
            int maxTimeOnPageSeconds, List<Property> properties, String minPurchaseCurrency,
            long minPurchaseMinor) {

        /** A condition with no minimum purchase amount beyond its currency. */
        public Condition(List<String> eventTypes, List<String> channels, List<String> sources,
                String referrerPattern, int minPageDepth, int maxPageDepth, int minTimeOnPageSeconds,
                int maxTimeOnPageSeconds, List<Property> properties, String minPurchaseCurrency) {
            this(eventTypes, channels, sources, referrerPattern, minPageDepth, maxPageDepth, minTimeOnPageSeconds,
                    maxTimeOnPageSeconds, properties, minPurchaseCurrency, 0);
        }
    }

    /**
     * A property condition: its key, its operator (null when it names none), what its operand is
     * (text: the operand when it is a string) and the operand itself as a plain JSON value (see
     * {@link Json}; null when there is none).
     */
    public record Property(String key, PropertyOperator operator, JsonKind operand, String text, Object value) {

        /** A property condition whose operand, if any, is its text. */
        public Property(String key, PropertyOperator operator, JsonKind operand, String text) {
            this(key, operator, operand, text, operand == JsonKind.STRING ? text : null);
        }
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
