package io.crowsnest.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Writes the figures of one run to a JSON file and to the contact-governance section of docs/benchmarks.md. */
record BenchmarkReport(Instant at, WarmUp.Result warmth, List<Figures> service, Figures redis, Figures transport,
        Figures atHalfLoad, GovernanceBenchmark.StoreCalls calls, List<CpuMeter.Use> cpu, int personsChecked,
        int personsOverContacted, long contactsChecked) {

    void write(Path home, PrintStream out) throws IOException {
        DocSection.write(home, "contact-governance", markdown(), json());
        out.println();
        service.forEach(f -> out.println(f.line()));
        out.println(redis.line());
        out.println(transport.line());
        out.println(atHalfLoad.line());
        out.printf("store calls per reserve+commit: MongoDB %.2f round trips, Redis %.2f calls%n", calls.mongo(),
                calls.redis());
        out.printf("over-contact: %d of %d persons (%d contacts checked)%n", personsOverContacted, personsChecked,
                contactsChecked);
        out.println("figures written to docs/benchmarks/contact-governance.json and docs/benchmarks.md");
    }

    private Figures best() {
        return service.stream().max((a, b) -> Double.compare(a.throughput(), b.throughput())).orElseThrow();
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Run of %s on this machine (%d cores), `make bench`; the harness JVM "
                + "(the load generator and the MongoDB stand-in): `%s`.%n%n", at,
                Runtime.getRuntime().availableProcessors(), harnessJvm()));
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
                "%nBest reserve+commit throughput: %.0f ops/s = %.0f %% of the transport ceiling measured in the same "
                        + "run (a gRPC call refused by validation answers %.0f calls/s; a reserve+commit is two calls, "
                        + "so %.0f reserve+commit/s; goal: at least 50 %%), %.1f %% of the raw Redis limit of the "
                        + "reserve script (%.0f ops/s). p99 at half that load: %.2f ms (goal: at most 10 ms). "
                        + "Over-contact: %d of %d persons (%d ledger contacts checked against every cap).%n",
                best.throughput(), 100 * best.throughput() / (transport.throughput() / 2), transport.throughput(),
                transport.throughput() / 2, 100 * best.throughput() / redis.throughput(), redis.throughput(),
                atHalfLoad.millis(99), personsOverContacted, personsChecked, contactsChecked));
        md.append(String.format(Locale.ROOT, "%nStore calls, counted by the service itself (`crowsnest_mongodb_commands`, "
                + "`crowsnest_redis_calls` on its `/q/metrics`) over %d granted reserves and their %d commits, "
                + "one client, for a person's first contact and then for a further one: **%.2f MongoDB round trips "
                + "and %.2f Redis calls per reserve+commit** once the person's counters are loaded (goal: at most 2 "
                + "MongoDB round trips). A person's first reserve (and the first after Redis lost the person's "
                + "counters) loads them from the ledger first.%n%n", calls.operations(), calls.operations(),
                calls.mongo(), calls.redis()));
        md.append("| step | MongoDB round trips | by command and collection | Redis calls | by script or command |\n");
        md.append("|---|---:|---|---:|---|\n");
        md.append(callRow("reserve (granted), further contact", calls.perReserve()));
        md.append(callRow("commit, further contact", calls.perCommit()));
        md.append(callRow("reserve (granted), first contact of the person", calls.firstReserve()));
        md.append(callRow("commit, first contact of the person", calls.firstCommit()));
        md.append('\n').append(warmth.sentence(GovernanceBenchmark.WARM_UP_ROUND)).append('\n');
        md.append("\nWhere the CPU went, per reserve+commit, at the best load and at half of it (the service, its "
                + "redis-server, the MongoDB wire-protocol server and the load generator share the machine's cores):"
                + "\n\n");
        for (CpuMeter.Use use : cpu) {
            md.append(use.markdown("reserve+commit")).append('\n');
        }
        md.append(cpu.get(0).budget(transport.throughput() / 4, "reserve+commit")
                .replace("At ", "At the goal's 50 % of the transport ceiling, ")).append('\n');
        return md.toString();
    }

    /** The harness JVM's options (its collector and heap shape what the stand-in's pauses cost). */
    static String harnessJvm() {
        return String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X") && !a.startsWith("-Xlog")).toList());
    }

    private static String callRow(String step, java.util.Map<String, Double> perOperation) {
        return String.format(Locale.ROOT, "| %s | %.2f | %s | %.2f | %s |%n", step,
                RoundTrips.Snapshot.total(perOperation, "mongo"), RoundTrips.Snapshot.describe(perOperation, "mongo"),
                RoundTrips.Snapshot.total(perOperation, "redis"), RoundTrips.Snapshot.describe(perOperation, "redis"));
    }

    private static String jsonMap(java.util.Map<String, Double> perOperation) {
        StringBuilder out = new StringBuilder("{");
        perOperation.forEach((name, value) -> out.append(out.length() > 1 ? ", " : "")
                .append(String.format(Locale.ROOT, "\"%s\": %.3f", name, value)));
        return out.append('}').toString();
    }

    private static String row(Figures f) {
        return String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %.2f |%n", f.label(), f.concurrency(),
                f.throughput(), f.millis(50), f.millis(99), f.latency().getMaxValue() / 1000.0);
    }

    private String json() {
        StringBuilder json = new StringBuilder("{\n  \"at\": \"" + at + "\",\n  \"harness_jvm\": \""
                + harnessJvm() + "\",\n  \"runs\": [\n");
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
        json.append(String.format(Locale.ROOT, "  ],%n  \"mongo_round_trips_per_operation\": %.2f,%n"
                + "  \"redis_calls_per_operation\": %.2f,%n  \"store_calls_per_reserve\": %s,%n"
                + "  \"store_calls_per_commit\": %s,%n  \"store_calls_per_first_reserve\": %s,%n"
                + "  \"store_calls_per_first_commit\": %s,%n  \"warm_up\": %s,%n  \"cpu\": [%n    %s%n  ],%n",
                calls.mongo(), calls.redis(),
                jsonMap(calls.perReserve()), jsonMap(calls.perCommit()), jsonMap(calls.firstReserve()),
                jsonMap(calls.firstCommit()), warmth.json(),
                String.join(",\n    ", cpu.stream().map(CpuMeter.Use::json).toList())));
        json.append(String.format(Locale.ROOT,
                "  \"persons_checked\": %d,%n  \"persons_over_contacted\": %d,%n  \"contacts_checked\": %d%n}%n",
                personsChecked, personsOverContacted, contactsChecked));
        return json.toString();
    }
}
