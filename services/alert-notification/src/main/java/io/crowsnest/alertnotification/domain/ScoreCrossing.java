package io.crowsnest.alertnotification.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A watched score that crossed its threshold between two reads: upward when it rose to or above
 * it, downward when it fell below it.
 */
public record ScoreCrossing(String scoreName, double threshold, double previous, double value, boolean upward) {

    /** The crossings between two reads of a person's scores (a score missing from a read counts 0). */
    public static List<ScoreCrossing> between(Map<String, Double> before, Map<String, Double> after,
            Map<String, Double> thresholds) {
        List<ScoreCrossing> out = new ArrayList<>();
        thresholds.forEach((name, threshold) -> {
            double was = before.getOrDefault(name, 0.0);
            double now = after.getOrDefault(name, 0.0);
            if (was < threshold && now >= threshold) {
                out.add(new ScoreCrossing(name, threshold, was, now, true));
            } else if (was >= threshold && now < threshold) {
                out.add(new ScoreCrossing(name, threshold, was, now, false));
            }
        });
        out.sort(java.util.Comparator.comparing(ScoreCrossing::scoreName));
        return out;
    }

    /** "churn_risk rose from 0.62 to 0.74, above 0.7", for the agent. */
    public String sentence() {
        return String.format(Locale.ROOT, "%s %s from %s to %s, %s %s", scoreName, upward ? "rose" : "fell",
                figure(previous), figure(value), upward ? "at or above" : "below", figure(threshold));
    }

    private static String figure(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.2f", d);
    }
}
