package io.crowsnest.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * Profile's forwarding backlog (crowsnest_profile_outbox_pending on its /q/metrics): after a load
 * phase the harness waits until scoring has acknowledged everything accepted, so that a phase's
 * figures count the whole path and the next phase starts from an empty outbox.
 */
final class OutboxBacklog {

    private static final String GAUGE = "crowsnest_profile_outbox_pending";
    private static final Duration LIMIT = Duration.ofMinutes(10);

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI metrics;

    OutboxBacklog(int profileHttpPort) {
        this.metrics = URI.create("http://127.0.0.1:" + profileHttpPort + "/q/metrics");
    }

    /**
     * What was left when a phase ended and how long it took to deliver it.
     *
     * @param atEnd   entries pending when the phase ended
     * @param seconds until none was pending
     */
    record Drain(long atEnd, double seconds) {

        /** Accepted items per second over the phase and its drain: what the whole path sustained. */
        double endToEnd(Figures phase) {
            return phase.operations() * (double) phase.items() / (phase.seconds() + seconds);
        }

        String row(Figures phase) {
            return String.format(Locale.ROOT, "| %s | %d | %.0f | %d | %.1f | %.0f |%n", phase.label(),
                    phase.concurrency(), phase.throughput(), atEnd, seconds, endToEnd(phase));
        }

        static String header() {
            return "| load | clients | accepted events/s | outbox backlog at the end | drained in (s) "
                    + "| delivered to scoring, events/s (phase + drain) |\n|---|---:|---:|---:|---:|---:|\n";
        }
    }

    /** Waits until the outbox is empty, printing the backlog every second. */
    Drain await(PrintStream out) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long atEnd = pending();
        long pending = atEnd;
        long printed = start;
        while (pending > 0) {
            if (System.nanoTime() - start > LIMIT.toNanos()) {
                throw new IllegalStateException(pending + " events still undelivered to scoring after " + LIMIT);
            }
            Thread.sleep(200);
            pending = pending();
            if (System.nanoTime() - printed > 1_000_000_000L) {
                out.printf("  outbox to scoring: %d events pending%n", pending);
                printed = System.nanoTime();
            }
        }
        return new Drain(atEnd, (System.nanoTime() - start) / 1e9);
    }

    private long pending() throws IOException, InterruptedException {
        String body = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(line -> line.startsWith(GAUGE))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new IllegalStateException("profile's /q/metrics has no " + GAUGE));
    }
}
