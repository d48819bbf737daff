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
 * The agent's page benchmark's figures and its goal: p99 at most 50 ms for each route at 200
 * requests/s, beside the same run's floor (a route of the gateway that touches no service) and the
 * same reads made directly over gRPC. Written to the agent-page section of docs/benchmarks.md and
 * to docs/benchmarks/agent-page.json.
 *
 * @param pages     each route through the gateway, open loop
 * @param floor     the floor route, open loop at the same rate
 * @param direct    the gRPC calls each route makes, made straight at the services, in the order of pages
 * @param customers customers seeded
 * @param load      the machine's load average before and after the run ({@code /proc/loadavg})
 * @param identityReads identity's MongoDB commands per GetIdentity, by command and collection
 * @param populationView scoring's GetPopulationView as the 360's value rank asks it, timed one call at a time
 * @param idle      cores busy by process while the seeded stack was asked nothing, before the warm-ups
 * @param warmth    how the warm-up ended (rounds, the JIT compilers' share of the last round's CPU)
 * @param alone     how each route's and direct read's own warm-up ended, right before it was measured
 * @param cpu       CPU per request by process, for each phase: the routes, the floor, the direct reads
 */
record AgentPageReport(List<Figures> pages, Figures floor, List<Figures> direct, int customers, String load,
        Map<String, Double> identityReads, String populationView, Map<String, Double> idle,
        WarmUp.Result warmth, Map<String, WarmUp.Result> alone, List<CpuMeter.Use> cpu) {

    static final double P99_GOAL_MS = 50;

    void write(Path home, PrintStream out) throws IOException {
        List<Figures> all = new ArrayList<>(pages);
        all.add(floor);
        all.addAll(direct);
        RunTable.print(out, all);
        String summary = summary();
        out.println(summary);
        String md = RunTable.markdown("make bench BENCH=agent", "requests/s", all) + "\n" + summary;
        String json = RunTable.json(all) + String.format(Locale.ROOT,
                ",%n  \"rate_per_second\": %.0f,%n  \"customers\": %d,%n  \"p99_goal_ms\": %.0f,%n"
                        + "  \"floor\": {\"label\": \"%s\", \"p99_ms\": %.3f},%n  \"routes\": [%n    %s%n  ],%n"
                        + "  \"mongodb_commands_per_get_identity\": %.2f,%n  \"population_view\": \"%s\",%n"
                        + "  \"caching\": \"none\",%n  \"load\": \"%s\",%n  \"idle_cores\": {%s},%n"
                        + "  \"warm_up\": %s,%n  \"warm_up_alone\": {%s},%n"
                        + "  \"cpu\": [%n    %s%n  ]%n}%n",
                AgentPageBenchmark.RATE, customers, P99_GOAL_MS, floor.label(), floor.millis(99),
                pages.stream().map(f -> String.format(Locale.ROOT,
                        "{\"label\": \"%s\", \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f, \"holds\": %s}",
                        f.label(), f.millis(50), f.millis(99), f.latency().getMaxValue() / 1000.0, holds(f)))
                        .collect(Collectors.joining(",\n    ")),
                RoundTrips.Snapshot.total(identityReads, "mongo"), populationView, load,
                idle.entrySet().stream().map(e -> String.format(Locale.ROOT, "\"%s\": %.3f", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", ")),
                warmth.json(), alone.entrySet().stream().map(e -> String.format(Locale.ROOT, "\"%s\": %s",
                        e.getKey(), e.getValue().json())).collect(Collectors.joining(", ")),
                cpu.stream().map(CpuMeter.Use::json).collect(Collectors.joining(",\n    ")));
        DocSection.write(home, "agent-page", md, json);
        out.println("figures written to docs/benchmarks/agent-page.json and docs/benchmarks.md");
    }

    /**
     * What each phase cost in CPU per request, all processes together and the biggest spenders, and
     * how many of the machine's cores that asks for at the phase's rate; and what the stack did with
     * nothing asked of it (background work after the seeding).
     */
    String cpuTable() {
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "CPU per request in each phase, by process "
                + "(from the processes' own CPU time; the MongoDB stand-in's threads counted apart from the harness "
                + "in the harness JVM). At %.0f requests/s the %d cores leave %.0f µs of CPU per request for "
                + "everything on the machine.%n%n", AgentPageBenchmark.RATE, cores, cores * 1e6 / AgentPageBenchmark.RATE));
        md.append(warmth.sentence(String.format(Locale.ROOT, "every route and the floor %d s each",
                AgentPageBenchmark.WARM_ROUND_SECONDS))).append(" ");
        md.append(String.format(Locale.ROOT, "Then each route (and each direct read) ran alone right before it was "
                + "measured, in rounds of %d s (%d s for a direct read) at %.0f requests/s until the compilers spent "
                + "under %.0f %% of a round, at most %d rounds: %s.%n%n", AgentPageBenchmark.WARM_ROUND_SECONDS,
                AgentPageBenchmark.DIRECT_WARM_ROUND_SECONDS, AgentPageBenchmark.RATE, 100 * WarmUp.JIT_SHARE,
                WarmUp.MAX_ROUNDS, alone.entrySet().stream().map(e -> String.format(Locale.ROOT,
                        "%s %d round%s (%.0f %% in the last)", e.getKey(), e.getValue().rounds(),
                        e.getValue().rounds() == 1 ? "" : "s", 100 * e.getValue().jitShare()))
                        .collect(Collectors.joining("; "))));
        md.append("| phase | requests/s | CPU µs per request, all processes | of which JIT compiling | cores busy "
                + "(whole machine) | the biggest spenders (µs per request) |\n|---|---:|---:|---:|---:|---|\n");
        for (CpuMeter.Use use : cpu) {
            String spenders = use.micros().entrySet().stream()
                    .filter(e -> !e.getKey().equals(CpuMeter.MACHINE) && e.getValue() >= 0.05 * use.processes())
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", "));
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.2f | %s |%n", use.phase().label(),
                    use.phase().throughput(), use.processes(), use.jitTotal(), use.cores().get(CpuMeter.MACHINE),
                    spenders));
        }
        md.append(String.format(Locale.ROOT, "%nWith nothing asked of it (the last %d s before the warm-ups; the harness waits, "
                + "at most %d minutes, until the stack uses less than %.2f cores after the seeding) the machine had %.2f "
                + "cores busy: %s.%n%n", AgentPageBenchmark.IDLE_SECONDS, AgentPageBenchmark.SETTLE_LIMIT.toMinutes(),
                AgentPageBenchmark.SETTLED_CORES,
                idle.getOrDefault(CpuMeter.MACHINE, 0.0), idle.entrySet().stream()
                        .filter(e -> !e.getKey().equals(CpuMeter.MACHINE) && e.getValue() >= 0.01)
                        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                        .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", "))));
        return md.toString();
    }

    private static boolean holds(Figures page) {
        return page.millis(99) <= P99_GOAL_MS;
    }

    String summary() {
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
                "%d customers, each route and the floor at %.0f requests/s open loop (latency from each request's "
                        + "intended start), signed in as agent %s; no cache in front of any read (a consent or "
                        + "contact status shown is read from contact-governance for the request). "
                        + "Floor: `GET %s`, a static console asset the gateway serves itself — no service, no store, "
                        + "no token check — p50 %.2f ms, p99 %.2f ms. Machine load average (1, 5, 15 min) before and "
                        + "after: %s. Requests answered other than expected (warm-ups included, not in the "
                        + "latencies): %d.%n%n",
                customers, AgentPageBenchmark.RATE, AgentPageBenchmark.AGENT, AgentPageBenchmark.FLOOR_PATH,
                floor.millis(50), floor.millis(99), load, AgentPageBenchmark.WRONG_ANSWERS.get()));
        md.append(String.format(Locale.ROOT, "MongoDB commands identity sends per `GetIdentity` (its own "
                + "`crowsnest_mongodb_commands`, over %d calls for random customers after the phases): **%.2f** (%s).%n%n",
                AgentPageBenchmark.COUNTED_READS, RoundTrips.Snapshot.total(identityReads, "mongo"),
                RoundTrips.Snapshot.describe(identityReads, "mongo")));
        md.append(String.format(Locale.ROOT, "Scoring's `GetPopulationView` as the gateway's value rank asks it for the "
                + "360 (`churn_risk`, one bucket), one call at a time on the idle stack after the phases: %s.%n%n",
                populationView));
        md.append(cpuTable());
        md.append("| route | p99 (ms) | goal | × floor p99 | the same calls straight over gRPC: p50 / p99 (ms) |\n");
        md.append("|---|---:|---|---:|---|\n");
        for (int i = 0; i < pages.size(); i++) {
            Figures page = pages.get(i);
            Figures grpc = direct.get(i);
            md.append(String.format(Locale.ROOT, "| %s | %.2f | ≤ %.0f ms: %s | %.1f | %s: %.2f / %.2f |%n",
                    page.label(), page.millis(99), P99_GOAL_MS, holds(page) ? "met" : "not met",
                    page.millis(99) / floor.millis(99), grpc.label(), grpc.millis(50), grpc.millis(99)));
        }
        return md.toString();
    }
}
