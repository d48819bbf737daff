package io.crowsnest.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many calls of each RPC the services have served, from the gRPC server timer on their
 * /q/metrics (grpc_server_processing_duration_seconds_count, summed over status codes; health
 * checks left out): read before and after a phase, the difference divided by the operations is
 * the calls one operation caused, directly or through another service.
 */
final class GrpcCallCounter {

    private static final String TIMER = "grpc_server_processing_duration_seconds_count";
    private static final Pattern METHOD = Pattern.compile("method=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newHttpClient();
    /** Service name to its /q/metrics. */
    private final Map<String, URI> services = new LinkedHashMap<>();

    /** Counts the calls served by {@code service}, whose HTTP port is {@code httpPort}. */
    GrpcCallCounter count(String service, int httpPort) {
        services.put(service, URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"));
        return this;
    }

    /** Calls served so far, keyed "service Method" (e.g. "profile GetProfile"). */
    Map<String, Long> read() throws IOException, InterruptedException {
        Map<String, Long> counts = new TreeMap<>();
        for (Map.Entry<String, URI> service : services.entrySet()) {
            String page = http.send(HttpRequest.newBuilder(service.getValue()).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            page.lines().filter(l -> l.startsWith(TIMER) && !l.contains("grpc.health")).forEach(line -> {
                Matcher method = METHOD.matcher(line);
                if (method.find()) {
                    counts.merge(service.getKey() + " " + method.group(1),
                            (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Long::sum);
                }
            });
        }
        return counts;
    }

    /** Calls per operation of each RPC called between two readings (RPCs not called are left out). */
    static Map<String, Double> perOperation(Map<String, Long> before, Map<String, Long> after, long operations) {
        Map<String, Double> per = new LinkedHashMap<>();
        after.forEach((method, count) -> {
            long calls = count - before.getOrDefault(method, 0L);
            if (calls > 0 && operations > 0) {
                per.put(method, calls / (double) operations);
            }
        });
        return per;
    }
}
