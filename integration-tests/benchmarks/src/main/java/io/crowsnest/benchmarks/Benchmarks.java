package io.crowsnest.benchmarks;

import java.nio.file.Path;
import java.util.List;

/**
 * Entry point of `make bench`: {@code [home] [governance|ingestion|scoring|decisioning|agent|console|alerts|campaigns|goals|all]
 * [--seconds=N] [--persons=N (campaigns)]
 * [--concurrency=a,b,c]}; all by default. Every run ends by rewriting the goals table from the
 * harnesses' JSON files; {@code goals} does only that.
 */
public final class Benchmarks {

    /** What to run and where: the repository, seconds per load phase, client counts. */
    record Options(Path home, int seconds, List<Integer> concurrencies) {
    }

    private Benchmarks() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception e) {
            e.printStackTrace();
            // a failed phase may leave client threads behind: end here rather than hold the machine
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        String which = "all";
        Path home = Path.of(".");
        int seconds = 10;
        int persons = 100_000;
        List<Integer> concurrencies = List.of(1, 4, 16, 32);
        for (String arg : args) {
            if (List.of("governance", "ingestion", "scoring", "decisioning", "agent", "console", "alerts", "campaigns",
                    "goals", "all").contains(arg)) {
                which = arg;
            } else if (arg.startsWith("--seconds=")) {
                seconds = Integer.parseInt(arg.substring("--seconds=".length()));
            } else if (arg.startsWith("--persons=")) {
                persons = Integer.parseInt(arg.substring("--persons=".length()));
            } else if (arg.startsWith("--concurrency=")) {
                concurrencies = List.of(arg.substring("--concurrency=".length()).split(",")).stream()
                        .map(Integer::valueOf).toList();
            } else {
                home = Path.of(arg);
            }
        }
        Options options = new Options(home.toAbsolutePath().normalize(), seconds, concurrencies);
        if (which.equals("governance") || which.equals("all")) {
            GovernanceBenchmark.run(options);
        }
        if (which.equals("ingestion") || which.equals("all")) {
            IngestionBenchmark.run(options);
        }
        if (which.equals("scoring") || which.equals("all")) {
            ScoringBenchmark.run(options);
        }
        if (which.equals("decisioning") || which.equals("all")) {
            DecisioningBenchmark.run(options);
        }
        if (which.equals("agent") || which.equals("all")) {
            AgentPageBenchmark.run(options);
        }
        if (which.equals("console") || which.equals("all")) {
            ConsolePageBenchmark.run(options);
        }
        if (which.equals("alerts") || which.equals("all")) {
            AlertBenchmark.run(options);
        }
        if (which.equals("campaigns") || which.equals("all")) {
            CampaignBenchmark.run(options, persons);
        }
        GoalsTable.write(options.home(), System.out);
    }
}
