package io.crowsnest.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of `make bench`: {@code [home] [governance|ingestion|all] [--seconds=N]
 * [--concurrency=a,b,c]}; all by default.
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String which = "all";
        List<String> rest = new ArrayList<>();
        for (String arg : args) {
            if (List.of("governance", "ingestion", "all").contains(arg)) {
                which = arg;
            } else {
                rest.add(arg);
            }
        }
        String[] forwarded = rest.toArray(String[]::new);
        if (which.equals("governance") || which.equals("all")) {
            GovernanceBenchmark.main(forwarded);
        }
        if (which.equals("ingestion") || which.equals("all")) {
            IngestionBenchmark.main(forwarded);
        }
    }
}
