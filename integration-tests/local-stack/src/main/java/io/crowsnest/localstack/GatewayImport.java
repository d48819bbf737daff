package io.crowsnest.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imports data through the gateway's public HTTP API, as any client would: a script of requests,
 * each a block separated by a blank line —
 *
 * <pre>
 * # a comment
 * POST /api/v1/events ann -> clara
 * {"event_id": "demo:1", "identifiers": [{"type": "email", "value": "clara@example.com"}], ...}
 *
 * PATCH /api/v1/customers/{clara}/attributes ann
 * {"attributes": {"given_name": "Clara"}, "paths": ["given_name"]}
 * </pre>
 *
 * The first line names the method, the path and the user whose token signs the request (a user of
 * the local realm); {@code -> name} keeps the answer's person_id for later paths and bodies as
 * {@code {name}}; {@code retry 60s} sends a refused request again every second for that long (for a
 * request that needs what earlier ones cause elsewhere first, e.g. a campaign needs its segment's
 * members, which scoring computes from the events once profile forwards them). {@code {now-3d}} /
 * {@code {now-5h}} are instants before the import, {@code {weekday+1}} the UTC day of the week that
 * many days after it, as the contracts name it ({@code WEEKDAY_TUESDAY}). Every request carries an Idempotency-Key derived from its
 * text, so an import run twice changes nothing more.
 */
public final class GatewayImport {

    private static final Pattern HEAD = Pattern.compile(
            "^(GET|POST|PUT|PATCH|DELETE) (\\S+) (\\S+)(?: -> (\\w+))?(?: retry (\\d+)s)?$");
    private static final Pattern RELATIVE = Pattern.compile("\\{now-(\\d+)([dhm])\\}");
    private static final Pattern WEEKDAY = Pattern.compile("\\{weekday\\+(\\d+)\\}");
    private static final Pattern PERSON_ID = Pattern.compile("\"person_id\"\\s*:\\s*\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String gateway;
    private final LocalKeycloak keycloak;
    private final PrintStream out;
    private final Map<String, String> names = new HashMap<>();

    public GatewayImport(String gateway, LocalKeycloak keycloak, PrintStream out) {
        this.gateway = gateway;
        this.keycloak = keycloak;
        this.out = out;
    }

    /** A parsed block of the script; {@code retrySeconds} 0 when a refusal ends the import at once. */
    record Step(String method, String path, String user, String keep, String body, int retrySeconds) {
    }

    static List<Step> parse(String script) {
        List<Step> steps = new ArrayList<>();
        for (String block : script.split("\\n\\s*\\n")) {
            List<String> lines = block.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
            if (lines.isEmpty()) {
                continue;
            }
            Matcher head = HEAD.matcher(lines.get(0).trim());
            if (!head.matches()) {
                throw new IllegalArgumentException("not a request line: " + lines.get(0));
            }
            steps.add(new Step(head.group(1), head.group(2), head.group(3), head.group(4),
                    String.join("\n", lines.subList(1, lines.size())),
                    head.group(5) == null ? 0 : Integer.parseInt(head.group(5))));
        }
        return steps;
    }

    /** Runs the script, printing one progress line that it rewrites; fails on the first refused request. */
    public void run(String title, String script) throws IOException {
        List<Step> steps = parse(script);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            String path = substitute(step.path(), now);
            String body = substitute(step.body(), now);
            out.printf("\r%s: %d/%d %s %s%s", title, i + 1, steps.size(), step.method(), path,
                    " ".repeat(Math.max(0, 50 - path.length())));
            HttpResponse<String> response = send(step, path, body);
            long giveUpAt = System.nanoTime() + Duration.ofSeconds(step.retrySeconds()).toNanos();
            while (response.statusCode() / 100 != 2 && System.nanoTime() < giveUpAt) {
                pause();
                response = send(step, path, body);
            }
            if (response.statusCode() / 100 != 2) {
                out.println();
                throw new IOException(step.method() + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            if (step.keep() != null) {
                Matcher id = PERSON_ID.matcher(response.body());
                if (!id.find()) {
                    throw new IOException(step.method() + " " + path + " answered no person_id: " + response.body());
                }
                names.put(step.keep(), id.group(1));
            }
        }
        out.printf("\r%s: %d requests done%s%n", title, steps.size(), " ".repeat(60));
    }

    private HttpResponse<String> send(Step step, String path, String body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + keycloak.token(step.user()))
                .header("Idempotency-Key", key(step))
                .header("Content-Type", "application/json")
                .method(step.method(), body.isBlank() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private String substitute(String text, Instant now) {
        Matcher weekday = WEEKDAY.matcher(text);
        StringBuilder days = new StringBuilder();
        while (weekday.find()) {
            weekday.appendReplacement(days, "WEEKDAY_" + now.atZone(java.time.ZoneOffset.UTC)
                    .plusDays(Long.parseLong(weekday.group(1))).getDayOfWeek());
        }
        weekday.appendTail(days);
        text = days.toString();
        Matcher relative = RELATIVE.matcher(text);
        StringBuilder resolved = new StringBuilder();
        while (relative.find()) {
            ChronoUnit unit = switch (relative.group(2)) {
                case "d" -> ChronoUnit.DAYS;
                case "h" -> ChronoUnit.HOURS;
                default -> ChronoUnit.MINUTES;
            };
            relative.appendReplacement(resolved, now.minus(Long.parseLong(relative.group(1)), unit).toString());
        }
        relative.appendTail(resolved);
        String result = resolved.toString();
        for (Map.Entry<String, String> name : names.entrySet()) {
            result = result.replace("{" + name.getKey() + "}", name.getValue());
        }
        return result;
    }

    private static String key(Step step) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((step.method() + step.path() + step.user()
                    + step.body()).getBytes(StandardCharsets.UTF_8));
            return "import-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
