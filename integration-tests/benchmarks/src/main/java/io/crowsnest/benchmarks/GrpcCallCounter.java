package io.crowsnest.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many calls of one RPC a service has served, from the gRPC server timer on its /q/metrics
 * (grpc_server_processing_duration_seconds_count, summed over status codes): read before and after
 * a phase, the difference divided by the operations is the calls one operation made.
 */
final class GrpcCallCounter {

    private static final String TIMER = "grpc_server_processing_duration_seconds_count";

    private final HttpClient http = HttpClient.newHttpClient();
    /** Method name to the /q/metrics of the service that serves it. */
    private final Map<String, URI> methods = new LinkedHashMap<>();

    /** Counts calls to {@code method} (e.g. "GetProfile") served on {@code httpPort}. */
    GrpcCallCounter count(String method, int httpPort) {
        methods.put(method, URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"));
        return this;
    }

    /** Calls served so far per method; -1 for a method whose service publishes no gRPC timer. */
    Map<String, Long> read() throws IOException, InterruptedException {
        Map<URI, String> pages = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Map.Entry<String, URI> method : methods.entrySet()) {
            String page = pages.get(method.getValue());
            if (page == null) {
                page = http.send(HttpRequest.newBuilder(method.getValue()).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                pages.put(method.getValue(), page);
            }
            String tag = "method=\"" + method.getKey() + "\"";
            counts.put(method.getKey(), page.lines().filter(l -> l.startsWith(TIMER) && l.contains(tag))
                    .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                    .reduce(Long::sum).orElse(-1));
        }
        return counts;
    }

    /** Calls per operation of each method between two readings; NaN where no timer was published. */
    static Map<String, Double> perOperation(Map<String, Long> before, Map<String, Long> after, long operations) {
        Map<String, Double> per = new LinkedHashMap<>();
        after.forEach((method, count) -> per.put(method, count < 0 || operations == 0 ? Double.NaN
                : (count - Math.max(0, before.get(method))) / (double) operations));
        return per;
    }
}
