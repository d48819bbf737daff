package io.crowsnest.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Writes the figures of one run to a JSON file and to the contact-governance section of docs/benchmarks.md. */
record BenchmarkReport(Instant at, List<Figures> service, Figures redis, Figures transport, Figures atHalfLoad, int personsChecked,
        int personsOverContacted, long contactsChecked) {

    void write(Path home, PrintStream out) throws IOException {
        DocSection.write(home, "contact-governance", markdown(), json());
        out.println();
        service.forEach(f -> out.println(f.line()));
        out.println(redis.line());
        out.println(transport.line());
        out.println(atHalfLoad.line());
        out.printf("over-contact: %d of %d persons (%d contacts checked)%n", personsOverContacted, personsChecked,
                contactsChecked);
        out.println("figures written to docs/benchmarks/contact-governance.json and docs/benchmarks.md");
    }

    private Figures best() {
        return service.stream().max((a, b) -> Double.compare(a.throughput(), b.throughput())).orElseThrow();
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Run of %s on this machine (%d cores), `make bench`.%n%n", at,
                Runtime.getRuntime().availableProcessors()));
        md.append("| load | clients | throughput (ops/s) | p50 (ms) | p99 (ms) | max (ms) |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        for (Figures f : service) {
            md.append(row(f));
        }
        md.append(row(redis));
        md.append(row(transport));
        md.append(row(atHalfLoad));
        Figures best = best();
        md.append(String.format(Locale.ROOT,
                "%nBest reserve+commit throughput: %.0f ops/s = %.1f %% of the raw Redis limit of the same script "
                        + "(%.0f ops/s; target: at least 50 %%). p99 at half that load: %.2f ms (target: under 5 ms). "
                        + "Over-contact: %d of %d persons (%d ledger contacts checked against every cap).%n",
                best.throughput(), 100 * best.throughput() / redis.throughput(), redis.throughput(),
                atHalfLoad.millis(99), personsOverContacted, personsChecked, contactsChecked));
        md.append(String.format(Locale.ROOT,
                "The gRPC stack alone answers %.0f calls/s here (a call refused by validation, no store touched); "
                        + "a reserve+commit is two calls, so no implementation behind this transport exceeds "
                        + "%.0f reserve+commit/s on these cores, %.0f %% of the raw Redis limit.%n",
                transport.throughput(), transport.throughput() / 2, 100 * transport.throughput() / 2 / redis.throughput()));
        return md.toString();
    }

    private static String row(Figures f) {
        return String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %.2f |%n", f.label(), f.concurrency(),
                f.throughput(), f.millis(50), f.millis(99), f.latency().getMaxValue() / 1000.0);
    }

    private String json() {
        StringBuilder json = new StringBuilder("{\n  \"at\": \"" + at + "\",\n  \"runs\": [\n");
        List<Figures> all = new java.util.ArrayList<>(service);
        all.add(redis);
        all.add(transport);
        all.add(atHalfLoad);
        for (int i = 0; i < all.size(); i++) {
            Figures f = all.get(i);
            json.append(String.format(Locale.ROOT,
                    "    {\"label\": \"%s\", \"clients\": %d, \"operations\": %d, \"seconds\": %.2f, "
                            + "\"throughput\": %.1f, \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f}%s%n",
                    f.label(), f.concurrency(), f.operations(), f.seconds(), f.throughput(), f.millis(50),
                    f.millis(99), f.latency().getMaxValue() / 1000.0, i + 1 < all.size() ? "," : ""));
        }
        json.append(String.format(Locale.ROOT,
                "  ],%n  \"persons_checked\": %d,%n  \"persons_over_contacted\": %d,%n  \"contacts_checked\": %d%n}%n",
                personsChecked, personsOverContacted, contactsChecked));
        return json.toString();
    }
}
