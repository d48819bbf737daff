package io.crowsnest.decisioning.domain;

import java.util.Locale;

/**
 * Uplift of the contacted persons over the control group, with 95 % confidence intervals.
 * Conversion: difference of proportions with Newcombe's hybrid score interval (Newcombe 1998,
 * method 10: from the Wilson score interval of each rate). Revenue per person: difference of means
 * (persons without a conversion count as zero) with Welch's interval, the t quantile taken at the
 * Welch–Satterthwaite degrees of freedom.
 */
public final class Uplift {

    /** Standard normal quantile for a two-sided 95 % interval. */
    static final double Z = 1.959963984540054;
    static final double LEVEL = 0.95;

    private Uplift() {
    }

    /** One group's figures: persons, converters, and the sum and sum of squares of revenue per person (major units). */
    public record Group(long persons, long converted, double revenue, double revenueSquares) {

        public double rate() {
            return persons == 0 ? 0 : (double) converted / persons;
        }

        public double mean() {
            return persons == 0 ? 0 : revenue / persons;
        }

        /** Sample variance of revenue per person; NaN with fewer than two persons. */
        public double variance() {
            return persons < 2 ? Double.NaN : Math.max(0, (revenueSquares - revenue * revenue / persons) / (persons - 1));
        }
    }

    /** An estimate with its interval; lower and upper NaN when the groups are too small to tell. */
    public record Interval(double estimate, double lower, double upper, double level) {

        public boolean known() {
            return !Double.isNaN(lower);
        }
    }

    /** The result for a contacted group and a control group. */
    public record Result(Group contacted, Group control, Interval conversion, Interval revenue, String currency,
            String summary) {
    }

    public static Result of(Group contacted, Group control, String currency) {
        Interval conversion = conversion(contacted, control);
        Interval revenue = revenue(contacted, control);
        return new Result(contacted, control, conversion, revenue, currency, summary(contacted, control, conversion,
                revenue, currency));
    }

    /** Wilson score interval of a proportion x/n: {lower, upper}. */
    static double[] wilson(long x, long n) {
        double p = (double) x / n;
        double z2 = Z * Z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = Z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    static Interval conversion(Group a, Group b) {
        double d = a.rate() - b.rate();
        if (a.persons() == 0 || b.persons() == 0) {
            return new Interval(d, Double.NaN, Double.NaN, LEVEL);
        }
        double[] w1 = wilson(a.converted(), a.persons());
        double[] w2 = wilson(b.converted(), b.persons());
        double p1 = a.rate();
        double p2 = b.rate();
        double lower = d - Math.sqrt(sq(p1 - w1[0]) + sq(w2[1] - p2));
        double upper = d + Math.sqrt(sq(w1[1] - p1) + sq(p2 - w2[0]));
        return new Interval(d, lower, upper, LEVEL);
    }

    static Interval revenue(Group a, Group b) {
        double d = a.mean() - b.mean();
        if (a.persons() < 2 || b.persons() < 2) {
            return new Interval(d, Double.NaN, Double.NaN, LEVEL);
        }
        double va = a.variance() / a.persons();
        double vb = b.variance() / b.persons();
        double se = Math.sqrt(va + vb);
        if (se == 0) {
            return new Interval(d, d, d, LEVEL);
        }
        double df = sq(va + vb) / (sq(va) / (a.persons() - 1) + sq(vb) / (b.persons() - 1));
        double t = t975(df);
        return new Interval(d, d - t * se, d + t * se, LEVEL);
    }

    /** The 97.5 % quantile of Student's t at 1 to 10 degrees of freedom. */
    private static final double[] T975 = {12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836,
        2.446911851, 2.364624252, 2.306004135, 2.262157163, 2.228138852};

    /**
     * The 97.5 % quantile of Student's t with df degrees of freedom: exact at whole degrees of
     * freedom up to 10 and interpolated in 1/df between them (within 0.06 from 2, 0.011 from 3,
     * 0.0013 from 5), the Cornish–Fisher expansion above 10 (error below 1e-5).
     */
    static double t975(double df) {
        if (df <= 1) {
            return T975[0];
        }
        if (df >= 10) {
            return expansion(df);
        }
        int lo = (int) Math.floor(df);
        double w = (1.0 / lo - 1.0 / df) / (1.0 / lo - 1.0 / (lo + 1));
        return T975[lo - 1] + (T975[lo] - T975[lo - 1]) * w;
    }

    private static double expansion(double n) {
        double z = Z;
        double z3 = z * z * z;
        double z5 = z3 * z * z;
        double z7 = z5 * z * z;
        double z9 = z7 * z * z;
        return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n)
                + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n)
                + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * n * n * n * n);
    }

    private static double sq(double x) {
        return x * x;
    }

    private static String summary(Group a, Group b, Interval conversion, Interval revenue, String currency) {
        if (a.persons() == 0 || b.persons() == 0) {
            return "no uplift yet: " + a.persons() + " contacted and " + b.persons()
                    + " in control; both groups need persons";
        }
        String conv = String.format(Locale.ROOT, "contacted converted %.1f %% (%d of %d) vs control %.1f %% (%d of %d):"
                + " %+.1f points", 100 * a.rate(), a.converted(), a.persons(), 100 * b.rate(), b.converted(),
                b.persons(), 100 * conversion.estimate());
        conv += conversion.known() ? String.format(Locale.ROOT, " (95 %% CI %+.1f to %+.1f)", 100 * conversion.lower(),
                100 * conversion.upper()) : "";
        String rev = String.format(Locale.ROOT, "; revenue per person %s %.2f vs %.2f: %+.2f", currency, a.mean(),
                b.mean(), revenue.estimate());
        rev += revenue.known() ? String.format(Locale.ROOT, " (95 %% CI %+.2f to %+.2f)", revenue.lower(),
                revenue.upper()) : " (too few persons for an interval)";
        String verdict = conversion.known() && conversion.lower() > 0 ? "; the campaign raised conversion"
                : conversion.known() && conversion.upper() < 0 ? "; the campaign lowered conversion"
                        : "; no conversion uplift can be told from chance yet";
        return conv + rev + verdict;
    }
}
