package io.crowsnest.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The decisioning benchmark's figures and its two goals: decisions/s at least 40 % of the same
 * run's transport floor divided by the gRPC calls one decision makes, and p99 at half the best
 * load at most 50 ms. Written to the decisioning section of docs/benchmarks.md and to
 * docs/benchmarks/decisioning.json.
 *
 * @param decisions    Decide at each concurrency
 * @param floor        a Decide refused by validation, at the best concurrency
 * @param dependencies one call to each dependency, at the best concurrency
 * @param atHalf       Decide open loop at half the best throughput
 * @param calls        gRPC calls per decision by "service Method", counted on the services
 * @param warmth       how the warm-up before the Decide phases ended
 * @param cpu          CPU per decision by process, per Decide phase
 */
record DecisioningReport(List<Figures> decisions, Figures floor, List<Figures> dependencies, Figures atHalf,
        Map<String, Double> calls, WarmUp.Result warmth, List<CpuMeter.Use> cpu) {

    static final double RATIO_GOAL = 0.40;
    static final double P99_GOAL_MS = 50;

    /** The services decisioning calls for a decision; calls to the others were made by its neighbours. */
    static final java.util.Set<String> DIRECT = java.util.Set.of("profile", "scoring", "contact-governance");

    /** Decide itself plus the calls it made to its neighbours (not those they made in turn). */
    double callsPerDecision() {
        return 1 + calls.entrySet().stream().filter(e -> direct(e.getKey())).mapToDouble(Map.Entry::getValue).sum();
    }

    /** Whether a "service Method" key names a call decisioning made itself. */
    private static boolean direct(String call) {
        return DIRECT.contains(call.substring(0, call.indexOf(' ')));
    }

    Figures best() {
        return decisions.stream().max((a, b) -> Double.compare(a.throughput(), b.throughput())).orElseThrow();
    }

    /** Best decisions/s against the floor's calls/s divided by the calls one decision makes. */
    double ratio() {
        return best().throughput() / (floor.throughput() / callsPerDecision());
    }

    void write(Path home, PrintStream out) throws IOException {
        List<Figures> all = all();
        RunTable.print(out, all);
        String summary = summary();
        out.println(summary);
        CpuMeter.Use bestCpu = cpu.stream().filter(u -> u.phase() == best()).findFirst().orElseThrow();
        String cost = bestCpu.markdown("decision");
        out.println(cost);
        String md = RunTable.markdown("make bench BENCH=decisioning", "decisions/s (calls/s for single calls)", all)
                + "\n" + summary + "\n" + warmth.sentence("Decide for 20 s with 4 clients each")
                + "\n\nWhat a decision cost in the fastest phase, by process:\n\n" + cost;
        String json = RunTable.json(all) + String.format(Locale.ROOT,
                ",%n  \"calls_per_decision\": {%s},%n  \"calls_per_decision_total\": %.2f,%n"
                        + "  \"floor_share\": %.3f,%n  \"floor_share_goal\": %.2f,%n  \"p99_at_half_load_ms\": %.3f,%n"
                        + "  \"p99_at_half_load_goal_ms\": %.0f,%n  \"warm_up\": %s,%n  \"cpu\": [%n    %s%n  ]%n}%n",
                calls.entrySet().stream().map(e -> String.format(Locale.ROOT, "\"%s\": %.2f", e.getKey(),
                        e.getValue())).collect(Collectors.joining(", ")),
                callsPerDecision(), ratio(), RATIO_GOAL, atHalf.millis(99), P99_GOAL_MS, warmth.json(),
                String.join(",\n    ", cpu.stream().map(CpuMeter.Use::json).toList()));
        DocSection.write(home, "decisioning", md, json);
        out.println("figures written to docs/benchmarks/decisioning.json and docs/benchmarks.md");
    }

    private String list(boolean direct) {
        String listed = calls.entrySet().stream().filter(e -> direct(e.getKey()) == direct)
                .map(e -> String.format(Locale.ROOT, "%.2f %s", e.getValue(), e.getKey()))
                .collect(Collectors.joining(", "));
        return listed.isEmpty() ? "none" : listed;
    }

    private List<Figures> all() {
        List<Figures> all = new ArrayList<>(decisions);
        all.add(floor);
        all.addAll(dependencies);
        all.add(atHalf);
        return all;
    }

    private String summary() {
        Figures best = best();
        double ceiling = floor.throughput() / callsPerDecision();
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
                "A decision was %.2f gRPC calls here: Decide itself and the calls it made, %s; its neighbours "
                        + "made %s on its behalf (counted on the services' /q/metrics over the Decide phases).%n%n",
                callsPerDecision(), list(true), list(false)));
        md.append(String.format(Locale.ROOT,
                "Best: %.0f decisions/s at %d clients. The gRPC stack alone answers %.0f calls/s here (a Decide "
                        + "refused by validation, nothing read), so %.2f calls per decision cap any implementation "
                        + "at %.0f decisions/s on these cores; the best is %.0f %% of that (goal: at least %.0f %%: %s).%n",
                best.throughput(), best.concurrency(), floor.throughput(), callsPerDecision(), ceiling,
                100 * ratio(), 100 * RATIO_GOAL, ratio() >= RATIO_GOAL ? "met" : "not met"));
        md.append(String.format(Locale.ROOT,
                "p99 at half the best load (%.0f decisions/s, open loop): %.2f ms (goal: at most %.0f ms: %s).%n",
                atHalf.throughput(), atHalf.millis(99), P99_GOAL_MS, atHalf.millis(99) <= P99_GOAL_MS ? "met"
                        : "not met"));
        md.append("\nOne call to each dependency alone, at the same concurrency: ");
        md.append(dependencies.stream().map(d -> String.format(Locale.ROOT, "%s %.0f calls/s, p50 %.2f ms",
                d.label(), d.throughput(), d.millis(50))).collect(Collectors.joining("; ")));
        md.append(String.format(Locale.ROOT, "; Decide p50 %.2f ms.%n", best.millis(50)));
        return md.toString();
    }
}
