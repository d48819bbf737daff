package io.crowsnest.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The round trips a service makes to its stores, read from its own counters on {@code /q/metrics}
 * ({@code crowsnest_mongodb_commands} by command and collection, {@code crowsnest_redis_calls} by
 * script or command): a snapshot before and after a counted phase gives the calls per operation.
 */
final class RoundTrips {

    private static final String MONGO = "crowsnest_mongodb_commands";
    private static final String REDIS = "crowsnest_redis_calls";

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI metrics;

    RoundTrips(int httpPort) {
        this.metrics = URI.create("http://127.0.0.1:" + httpPort + "/q/metrics");
    }

    /** Counter values by series, e.g. {@code mongo insert reservations} or {@code redis reserve}. */
    record Snapshot(Map<String, Double> series) {

        /** What happened between {@code before} and this snapshot, per operation, by series (non-zero only). */
        Map<String, Double> perOperation(Snapshot before, long operations) {
            Map<String, Double> out = new TreeMap<>();
            series.forEach((name, value) -> {
                double delta = value - before.series.getOrDefault(name, 0.0);
                if (delta > 0) {
                    out.put(name, delta / operations);
                }
            });
            return out;
        }

        static double total(Map<String, Double> perOperation, String store) {
            return perOperation.entrySet().stream().filter(e -> e.getKey().startsWith(store + " "))
                    .mapToDouble(Map.Entry::getValue).sum();
        }

        static String describe(Map<String, Double> perOperation, String store) {
            return perOperation.entrySet().stream().filter(e -> e.getKey().startsWith(store + " "))
                    .map(e -> String.format(Locale.ROOT, "%.2f %s", e.getValue(), e.getKey().substring(store.length() + 1)))
                    .collect(Collectors.joining(", "));
        }
    }

    Snapshot read() throws IOException, InterruptedException {
        String body = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> series = new TreeMap<>();
        body.lines().filter(line -> !line.startsWith("#")).forEach(line -> {
            if (line.startsWith(MONGO + "_total{")) {
                series.put("mongo " + label(line, "command") + " " + label(line, "collection"), value(line));
            } else if (line.startsWith(REDIS + "_total{")) {
                series.put("redis " + label(line, "call"), value(line));
            }
        });
        if (series.isEmpty()) {
            throw new IllegalStateException("no " + MONGO + " or " + REDIS + " counters on " + metrics);
        }
        return new Snapshot(series);
    }

    private static String label(String line, String name) {
        int start = line.indexOf(name + "=\"") + name.length() + 2;
        return line.substring(start, line.indexOf('"', start));
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
