package io.crowsnest.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The goals of issue #17 in one table at the top of docs/benchmarks.md (the goals section, and
 * docs/benchmarks/goals.json), each with the figure of the latest run of its harness, that run's
 * floor, the ratio and whether it holds — read from the harnesses' JSON files, so a harness that
 * was not rerun keeps its last figures, marked with its run's date. Written after every
 * {@code make bench}.
 */
final class GoalsTable {

    /** One goal's line: figure, floor and ratio already formatted; holds null when not measured. */
    record Row(String goal, String run, String figure, String floor, String ratio, Boolean holds) {

        String markdown() {
            return String.format("| %s | %s | %s | %s | %s | %s |%n", goal, run, figure, floor, ratio,
                    holds == null ? "not measured" : holds ? "**holds**" : "not met");
        }

        String json() {
            return String.format("{\"goal\": \"%s\", \"run\": \"%s\", \"figure\": \"%s\", \"floor\": \"%s\", "
                    + "\"ratio\": \"%s\", \"holds\": %s}", goal, run, figure, floor, ratio, holds);
        }
    }

    private GoalsTable() {
    }

    static void write(Path home, PrintStream out) throws IOException {
        List<Row> rows = new ArrayList<>();
        rows.addAll(governance(read(home, "contact-governance")));
        rows.addAll(ingestion(read(home, "profile-ingestion")));
        rows.addAll(agentPage(read(home, "agent-page")));
        rows.add(consolePage(read(home, "console-page")));
        StringBuilder md = new StringBuilder("Goals of issue #17, each from the latest run of its harness "
                + "(its JSON file in `docs/benchmarks/`); the floor is measured in the same run.\n\n"
                + "| goal | run | latest figure | same-run floor | ratio | holds? |\n|---|---|---:|---:|---:|---|\n");
        rows.forEach(row -> md.append(row.markdown()));
        String json = "{\n  \"goals\": [\n    "
                + rows.stream().map(Row::json).collect(Collectors.joining(",\n    ")) + "\n  ]\n}\n";
        DocSection.write(home, "goals", md.toString(), json);
        out.println();
        out.print(md);
        out.println("goals written to docs/benchmarks/goals.json and the top of docs/benchmarks.md");
    }

    private static List<Row> governance(JsonObject json) {
        String goal1 = "governance: reserve+commit ≥ 50 % of the transport ceiling (floor ÷ 2)";
        String goal2 = "governance: p99 ≤ 10 ms at half of the best load";
        String goal3 = "governance: ≤ 2 MongoDB round trips per reserve+commit";
        String goal4 = "governance: 0 over-contact";
        if (json == null) {
            return List.of(missing(goal1), missing(goal2), missing(goal3), missing(goal4));
        }
        String run = date(json);
        JsonObject best = best(json, label -> label.equals("reserve+commit"));
        JsonObject floor = best(json, label -> label.startsWith("gRPC call refused by validation"));
        JsonObject half = best(json, label -> label.endsWith("@ half load"));
        double ceiling = number(floor, "throughput") / 2;
        double share = number(best, "throughput") / ceiling;
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(goal1, run, f("%.0f reserve+commit/s", number(best, "throughput")),
                f("%.0f calls/s ÷ 2 = %.0f", number(floor, "throughput"), ceiling), f("%.0f %%", 100 * share),
                share >= 0.5));
        rows.add(new Row(goal2, run, f("p99 %.2f ms at %.0f ops/s", number(half, "p99_ms"), number(half, "throughput")),
                f("p99 %.2f ms", number(floor, "p99_ms")), f("%.1f × floor", number(half, "p99_ms")
                        / number(floor, "p99_ms")), number(half, "p99_ms") <= 10));
        JsonElement trips = json.get("mongo_round_trips_per_operation");
        rows.add(trips == null ? new Row(goal3, run, "not counted by this run", "—", "—", null)
                : new Row(goal3, run, f("%.1f", trips.getAsDouble()), "—", "—", trips.getAsDouble() <= 2));
        long over = json.get("persons_over_contacted").getAsLong();
        rows.add(new Row(goal4, run, f("%d of %d persons", over, json.get("persons_checked").getAsLong()), "—", "—",
                over == 0));
        return rows;
    }

    private static List<Row> ingestion(JsonObject json) {
        String goal1 = "ingestion: ≤ 200 µs CPU per event (identity, profile, scoring, scoring's Redis), batches of 100";
        String goal2 = "ingestion: one RecordEvent per event ≥ 50 % of floor ÷ 3";
        if (json == null) {
            return List.of(missing(goal1), missing(goal2));
        }
        String run = date(json);
        JsonObject batch = best(json, label -> label.startsWith("RecordEvents, batches of 100"));
        double cpu = Double.NaN;
        for (JsonElement phase : json.getAsJsonArray("cpu")) {
            JsonObject use = phase.getAsJsonObject();
            if (use.get("label").getAsString().equals(batch.get("label").getAsString())
                    && use.get("clients").getAsInt() == batch.get("clients").getAsInt()) {
                JsonObject perItem = use.getAsJsonObject("cpu_us_per_item");
                cpu = List.of("identity", "profile", "scoring", "redis (scoring)").stream()
                        .mapToDouble(process -> number(perItem, process)).sum();
            }
        }
        JsonObject single = best(json, label -> label.equals("RecordEvent"));
        JsonObject floor = best(json, label -> label.startsWith("gRPC call refused by validation"));
        double ceiling = number(floor, "throughput") / 3;
        double share = number(single, "throughput") / ceiling;
        return List.of(
                new Row(goal1, run, f("%.0f µs at %.0f events/s", cpu, number(batch, "throughput")), "—",
                        f("%.1f × the 200 µs goal", cpu / 200), cpu <= 200),
                new Row(goal2, run, f("%.0f events/s", number(single, "throughput")),
                        f("%.0f calls/s ÷ 3 = %.0f", number(floor, "throughput"), ceiling), f("%.0f %%", 100 * share),
                        share >= 0.5));
    }

    private static List<Row> agentPage(JsonObject json) {
        if (json == null) {
            return List.of(missing("agent's page: p99 ≤ 50 ms per route at 200 requests/s"));
        }
        String run = date(json);
        double floor = json.getAsJsonObject("floor").get("p99_ms").getAsDouble();
        List<Row> rows = new ArrayList<>();
        for (JsonElement element : json.getAsJsonArray("routes")) {
            JsonObject route = element.getAsJsonObject();
            double p99 = route.get("p99_ms").getAsDouble();
            rows.add(new Row("agent's page at " + f("%.0f", json.get("rate_per_second").getAsDouble())
                    + " requests/s, p99 ≤ 50 ms: " + route.get("label").getAsString(), run, f("p99 %.2f ms", p99),
                    f("p99 %.2f ms", floor), f("%.1f × floor", p99 / floor), p99 <= 50));
        }
        return rows;
    }

    private static Row consolePage(JsonObject json) {
        String goal = "agent's customer page (console, signed in) renders in under 300 ms on make run's suite";
        if (json == null) {
            return missing(goal);
        }
        double p99 = json.get("one_agent_full_page_p99_ms").getAsDouble();
        return new Row(goal, date(json), f("p99 %.1f ms, one agent", p99),
                f("first byte p99 %.1f ms", json.get("one_agent_first_byte_p99_ms").getAsDouble()),
                f("%.2f × goal", p99 / 300), p99 < 300);
    }

    private static Row missing(String goal) {
        return new Row(goal, "never run", "—", "—", "—", null);
    }

    private static JsonObject read(Path home, String name) throws IOException {
        Path file = home.resolve("docs/benchmarks/" + name + ".json");
        return Files.exists(file) ? JsonParser.parseString(Files.readString(file)).getAsJsonObject() : null;
    }

    /** The run's date, e.g. 2026-12-06, from its "at" instant. */
    private static String date(JsonObject json) {
        return json.get("at").getAsString().substring(0, 10);
    }

    /** Of the runs whose label matches, the one with the highest throughput. */
    private static JsonObject best(JsonObject json, Predicate<String> label) {
        JsonArray runs = json.getAsJsonArray("runs");
        JsonObject best = null;
        for (JsonElement element : runs) {
            JsonObject run = element.getAsJsonObject();
            if (label.test(run.get("label").getAsString())
                    && (best == null || number(run, "throughput") > number(best, "throughput"))) {
                best = run;
            }
        }
        if (best == null) {
            throw new IllegalStateException("no run of the expected kind in " + json.get("at"));
        }
        return best;
    }

    private static double number(JsonObject object, String field) {
        return object.get(field).getAsDouble();
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
