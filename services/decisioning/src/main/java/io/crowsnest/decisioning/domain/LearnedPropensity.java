package io.crowsnest.decisioning.domain;

import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The propensity learned from outcomes: a Beta-Bernoulli model per action and channel. The prior is
 * Beta(mean × weight, (1 − mean) × weight), i.e. "mean, worth weight presentations"; each
 * presentation adds one trial and each acceptance (or conversion) one success. The figure used is the
 * posterior mean, or, in exploring decisions, a draw from the posterior (Thompson sampling), so
 * that actions with few outcomes get tried while proven ones keep winning.
 */
public final class LearnedPropensity {

    /** The prior: mean acceptance rate before any outcome, worth weight presentations. */
    public record Prior(double mean, double weight) {
        public double alpha() {
            return mean * weight;
        }

        public double beta() {
            return (1 - mean) * weight;
        }
    }

    /** What was learned for one action on one channel in the window. */
    public record Evidence(long presented, long accepted) {
        public static final Evidence NONE = new Evidence(0, 0);
    }

    private LearnedPropensity() {
    }

    public static double posteriorMean(Prior prior, Evidence e) {
        return (prior.alpha() + e.accepted()) / (prior.weight() + e.presented());
    }

    /**
     * The PROPENSITY factor: the posterior mean, or a Thompson draw when exploring.
     *
     * @param windowDays the learning window, for the sentence
     */
    public static Factor factor(Prior prior, Evidence e, String channel, long windowDays, boolean explore,
            RandomGenerator random) {
        double alpha = prior.alpha() + e.accepted();
        double beta = prior.beta() + Math.max(0, e.presented() - e.accepted());
        double mean = alpha / (alpha + beta);
        double value = explore ? BetaSampler.sample(alpha, beta, random) : mean;
        String on = channel.toLowerCase(Locale.ROOT);
        String prior0 = "prior " + fmt(prior.mean()) + " worth " + fmt(prior.weight()) + " presentations";
        String learned = e.presented() == 0
                ? "no outcome yet on " + on + " in " + windowDays + " days: " + prior0
                : "learned from " + e.presented() + " presentations on " + on + " in " + windowDays + " days, "
                        + e.accepted() + " accepted; " + prior0;
        String source = explore
                ? learned + "; exploring: drawn " + fmt(value) + " from Beta(" + fmt(alpha) + ", " + fmt(beta)
                        + "), mean " + fmt(mean)
                : learned + "; posterior mean " + fmt(mean);
        return new Factor(Factor.PROPENSITY, value, source, Map.of("presented", Long.toString(e.presented()),
                "accepted", Long.toString(e.accepted()), "prior_mean", fmt(prior.mean()), "prior_weight",
                fmt(prior.weight()), "posterior_mean", fmt(mean)));
    }

    /**
     * Whether a decision explores: a fixed share of decisions, chosen by the decision id so that a
     * replay of the same decision explores the same way.
     */
    public static boolean explores(String decisionId, double share) {
        if (share <= 0) {
            return false;
        }
        return Long.remainderUnsigned(hash(decisionId), 10_000) < Math.round(share * 10_000);
    }

    /** A seed for the Thompson draws of one action in one decision, so that a replay draws the same. */
    public static long seed(String key) {
        return hash(key);
    }

    /** FNV-1a over the characters, finished with SplitMix64's mixer: evenly spread for similar ids. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }

    /** A figure for people: integers as such, others to 4 decimals without trailing zeros (no regex, no Formatter). */
    static String fmt(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        long scaled = Math.round(Math.abs(d) * 10_000);
        StringBuilder out = new StringBuilder(d < 0 && scaled != 0 ? "-" : "").append(scaled / 10_000);
        long fraction = scaled % 10_000;
        if (fraction != 0) {
            String digits = Long.toString(10_000 + fraction).substring(1);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            out.append('.').append(digits, 0, end);
        }
        return out.toString();
    }
}
