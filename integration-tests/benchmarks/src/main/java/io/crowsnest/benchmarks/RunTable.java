package io.crowsnest.benchmarks;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The figures of a harness's load phases as a markdown table and a JSON array, printed as it goes. */
final class RunTable {

    private RunTable() {
    }

    /**
     * The run's heading line and table; {@code rate} names the throughput column, e.g. "events/s",
     * counted in items (a batch call counts its events); latencies are per operation.
     */
    static String markdown(String command, String rate, List<Figures> runs) {
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
                "Run of %s on this machine (%d cores), `%s`; the harness JVM (the load generator and the MongoDB "
                        + "stand-in): `%s`.%n%n", Instant.now(), Runtime.getRuntime().availableProcessors(), command,
                BenchmarkReport.harnessJvm()));
        md.append("| load | clients | " + rate + " | p50 (ms) | p99 (ms) | max (ms) |\n|---|---:|---:|---:|---:|---:|\n");
        for (Figures f : runs) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %.2f |%n", f.label(),
                    f.concurrency(), f.throughput(), f.millis(50), f.millis(99), f.latency().getMaxValue() / 1000.0));
        }
        return md.toString();
    }

    /**
     * The opening of the JSON file with every run (throughput in items per second; a batch phase also
     * names its items per operation); the caller adds its own fields and the closing brace.
     */
    static String json(List<Figures> runs) {
        StringBuilder json = new StringBuilder("{\n  \"at\": \"" + Instant.now() + "\",\n  \"harness_jvm\": \""
                + BenchmarkReport.harnessJvm() + "\",\n  \"runs\": [\n");
        for (int i = 0; i < runs.size(); i++) {
            Figures f = runs.get(i);
            json.append(String.format(Locale.ROOT,
                    "    {\"label\": \"%s\", \"clients\": %d, \"operations\": %d,%s \"seconds\": %.2f, "
                            + "\"throughput\": %.1f, \"p50_ms\": %.3f, \"p99_ms\": %.3f}%s%n",
                    f.label(), f.concurrency(), f.operations(),
                    f.items() == 1 ? "" : " \"items_per_operation\": " + f.items() + ",", f.seconds(),
                    f.throughput(), f.millis(50), f.millis(99), i + 1 < runs.size() ? "," : ""));
        }
        return json.append("  ]").toString();
    }

    static void print(PrintStream out, List<Figures> runs) {
        runs.forEach(f -> out.println(f.line()));
    }
}
