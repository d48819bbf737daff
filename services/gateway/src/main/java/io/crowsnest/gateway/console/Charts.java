package io.crowsnest.gateway.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.quarkus.qute.TemplateData;

/**
 * The geometry of the supervisor page's charts, drawn as inline SVG by the template (no script, no
 * Node build): plain numbers in, the bars' and markers' positions out, so a chart's drawing is
 * checked without a browser.
 */
public final class Charts {

    /** Width of every chart's plotting area, in SVG user units. */
    static final int WIDTH = 360;

    private Charts() {
    }

    /** Left edge of the bars, after the labels' column. */
    static final int FUNNEL_BARS_AT = 90;
    static final int STACKED_BARS_AT = 170;
    /** Height of one row (bar and gap). */
    static final int ROW = 22;

    /**
     * One bar of a funnel: its label, count, share of the first step and drawn width; y of its bar
     * and of its text baseline, x of its value text.
     */
    @TemplateData
    public record Step(String label, long count, String percent, int width, int barY, int textY, int valueX) {
    }

    /**
     * A funnel: each step's bar as wide as its share of the first step (the audience), one under
     * the other, 22 units apart.
     */
    static List<Step> funnel(List<String> labels, List<Long> counts) {
        long first = counts.isEmpty() ? 0 : counts.get(0);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            long count = counts.get(i);
            double share = first <= 0 ? 0 : Math.min(1.0, (double) count / first);
            int width = (int) Math.round(share * WIDTH);
            steps.add(new Step(labels.get(i), count, percent(share), width, i * ROW + 2, i * ROW + 14,
                    FUNNEL_BARS_AT + width + 6));
        }
        return steps;
    }

    /**
     * An uplift with its confidence interval on an axis centred on zero: the estimate's marker and
     * the interval's whisker, in units from the left edge; the scale covers the interval with room.
     */
    @TemplateData
    public record Uplift(boolean known, int zero, int estimate, int lower, int upper, String estimateText, String lowerText,
            String upperText, String confidence, String summary) {
    }

    static Uplift uplift(boolean known, double estimate, double lower, double upper, double confidence,
            String summary) {
        int zero = WIDTH / 2;
        if (!known) {
            return new Uplift(false, zero, zero, zero, zero, points(estimate), "", "", "", summary);
        }
        double reach = Math.max(0.01, Math.max(Math.abs(estimate), Math.max(Math.abs(lower), Math.abs(upper))));
        double unitsPerPoint = (zero - 20) / reach;
        return new Uplift(true, zero, x(zero, estimate, unitsPerPoint), x(zero, lower, unitsPerPoint),
                x(zero, upper, unitsPerPoint), points(estimate), points(lower), points(upper),
                String.format(Locale.ROOT, "%.0f %%", confidence * 100), summary);
    }

    /**
     * One row of stacked bars (contact pressure, leads): its label, total and segments; y of its
     * bars and of its text baseline, x of its value text.
     */
    @TemplateData
    public record Row(String label, long total, List<Segment> segments, int barY, int textY, int valueX) {
    }

    /** The height of a stacked chart of that many rows. */
    static int height(List<Row> rows) {
        return rows.size() * ROW + 4;
    }

    /** A segment of a stacked bar: its name, count, left edge (in the chart), width and CSS class. */
    @TemplateData
    public record Segment(String name, long count, int x, int width, String css) {
    }

    /**
     * Stacked horizontal bars on a common scale (the largest row fills the width): {@code counts}
     * per row, in the order of {@code names}, coloured by {@code css}.
     */
    static List<Row> stacked(List<String> labels, List<List<Long>> counts, List<String> names, List<String> css) {
        long max = 1;
        for (List<Long> row : counts) {
            max = Math.max(max, row.stream().mapToLong(Long::longValue).sum());
        }
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < labels.size(); r++) {
            List<Segment> segments = new ArrayList<>();
            int x = STACKED_BARS_AT;
            long total = 0;
            for (int s = 0; s < names.size(); s++) {
                long count = counts.get(r).get(s);
                int width = (int) Math.round((double) count / max * WIDTH);
                segments.add(new Segment(names.get(s), count, x, width, css.get(s)));
                x += width;
                total += count;
            }
            rows.add(new Row(labels.get(r), total, segments, r * ROW + 2, r * ROW + 14, x + 6));
        }
        return rows;
    }

    private static int x(int zero, double value, double unitsPerPoint) {
        return (int) Math.round(zero + value * unitsPerPoint);
    }

    /** A difference of proportions as signed percentage points, "+2.5 pts". */
    static String points(double difference) {
        return String.format(Locale.ROOT, "%+.1f pts", difference * 100);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f %%", share * 100);
    }
}
