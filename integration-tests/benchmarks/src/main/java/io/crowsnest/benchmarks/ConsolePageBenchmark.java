package io.crowsnest.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;

import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.StackPorts;
import io.crowsnest.localstack.testing.FreePort;

/**
 * The promise of issue #19: the agent's customer page renders in under 300 ms with the suite as
 * {@code make run} starts it. The whole suite and Keycloak on their own ports, the demo data loaded
 * through the same importer, agent ann signed in through the console's own sign-in (the OIDC
 * authorization code flow, Keycloak's login form, the session cookie); then one agent opening the
 * demo customers' pages one after the other (closed loop, one client), and the same page at 5
 * pages/s open loop (several agents): for each GET of {@code /console/customers/{id}} the time to
 * the first byte (the answer's head) and to the full page. Figures go to
 * docs/benchmarks/console-page.json and the console-page section of docs/benchmarks.md.
 */
final class ConsolePageBenchmark {

    static final double GOAL_MS = 300;
    static final double RATE = 5;
    static final String AGENT = "ann";
    private static final List<String> CUSTOMERS = List.of("clara.novak@example.com", "malik.haddad@example.com",
            "ines.moreau@example.com", "tomas.berg@example.com", "lea.rossi@example.com", "omar.diallo@example.com");
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private ConsolePageBenchmark() {
    }

    static void run(Benchmarks.Options run) throws Exception {
        PrintStream out = System.out;
        Duration phase = Duration.ofSeconds(run.seconds());
        StackPorts ports = new StackPorts(FreePort.pick(), FreePort.pick(), FreePort.pick(), FreePort.pick());
        LocalStack.Options options = LocalStack.Options.defaults(run.home()).withPorts(ports)
                .withStateDir(run.home().resolve("integration-tests/benchmarks/target/console-page-stack"), false);
        out.println("starting the suite and Keycloak as make run does, with the demo data...");
        try (LocalStack stack = LocalStack.start(options, out)) {
            stack.loadDemoData(out);
            String gateway = "http://localhost:" + stack.gatewayPort();
            HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .cookieHandler(new LocalhostCookies()).followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            signIn(browser, gateway);
            List<String> persons = new ArrayList<>();
            String token = stack.keycloak().token(AGENT);
            for (String email : CUSTOMERS) {
                persons.add(lookup(browser, gateway, token, email));
            }
            out.printf("signed in as %s; %d demo customers; warming up (10 s)...%n", AGENT, persons.size());
            Page warm = new Page(browser, gateway, persons);
            LoadRun.closedLoop("warm-up", 1, Duration.ofSeconds(10), warm, out);

            List<Figures> figures = new ArrayList<>();
            Page one = new Page(browser, gateway, persons);
            Figures full = LoadRun.closedLoop("customer page, full page, one agent", 1, phase, one, out);
            figures.add(one.firstBytes("customer page, first byte, one agent", full));
            figures.add(full);
            Page many = new Page(browser, gateway, persons);
            Figures fullOpen = LoadRun.openLoop(String.format(Locale.ROOT, "customer page, full page, %.0f pages/s", RATE),
                    4, phase, RATE, many, out);
            figures.add(many.firstBytes(String.format(Locale.ROOT, "customer page, first byte, %.0f pages/s", RATE),
                    fullOpen));
            figures.add(fullOpen);
            write(run, figures, persons.size(), out);
        }
    }

    /** One GET of a random demo customer's page: records the first byte's time, the full page is LoadRun's. */
    private static final class Page implements LoadRun.Operation {
        private final HttpClient browser;
        private final String gateway;
        private final List<String> persons;
        private final Histogram firstBytes = new Histogram(3);
        private final java.util.concurrent.atomic.AtomicBoolean told = new java.util.concurrent.atomic.AtomicBoolean();

        Page(HttpClient browser, String gateway, List<String> persons) {
            this.browser = browser;
            this.gateway = gateway;
            this.persons = persons;
        }

        @Override
        public void run(int thread) throws Exception {
            String person = persons.get(ThreadLocalRandom.current().nextInt(persons.size()));
            long began = System.nanoTime();
            HttpResponse<InputStream> response = browser.send(HttpRequest.newBuilder(URI.create(gateway
                    + "/console/customers/" + person)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            long head = System.nanoTime();
            String page;
            try (InputStream in = response.body()) {
                page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (response.statusCode() != 200 || !page.contains("id=\"customer-name\"")) {
                if (told.compareAndSet(false, true)) {
                    System.out.printf("  the customer page of %s answered %d at %s%n", person, response.statusCode(),
                            response.uri());
                }
                throw new IllegalStateException("the customer page of " + person + " answered "
                        + response.statusCode());
            }
            synchronized (firstBytes) {
                firstBytes.recordValue(Math.max(1, (head - began) / 1000));
            }
        }

        /** The first bytes' times (from each request's start) under the full page phase's label and counts. */
        Figures firstBytes(String label, Figures full) {
            return new Figures(label, full.concurrency(), full.operations(), full.seconds(), firstBytes.copy());
        }
    }

    /**
     * The cookies of localhost (the gateway and Keycloak, ports apart) as a browser keeps them there:
     * Keycloak marks its sign-in cookies Secure, which a browser honours on http://localhost (a secure
     * context) but java.net's CookieManager does not, so this keeps every cookie by name, sends them
     * all, and forgets one set to expire.
     */
    private static final class LocalhostCookies extends java.net.CookieHandler {
        private final java.util.Map<String, String> cookies = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public java.util.Map<String, List<String>> get(URI uri, java.util.Map<String, List<String>> headers) {
            if (cookies.isEmpty()) {
                return java.util.Map.of();
            }
            return java.util.Map.of("Cookie", List.of(String.join("; ", cookies.entrySet().stream()
                    .map(c -> c.getKey() + "=" + c.getValue()).toList())));
        }

        @Override
        public void put(URI uri, java.util.Map<String, List<String>> headers) {
            headers.forEach((name, values) -> {
                if (name != null && name.equalsIgnoreCase("Set-Cookie")) {
                    for (String cookie : values) {
                        String pair = cookie.split(";", 2)[0];
                        int eq = pair.indexOf('=');
                        if (eq <= 0) {
                            continue;
                        }
                        String key = pair.substring(0, eq).trim();
                        String value = pair.substring(eq + 1).trim();
                        String lower = cookie.toLowerCase(Locale.ROOT);
                        if (value.isEmpty() || lower.contains("max-age=0") || lower.contains("expires=thu, 01-jan-1970")
                                || lower.contains("expires=thu, 01 jan 1970")) {
                            cookies.remove(key);
                        } else {
                            cookies.put(key, value);
                        }
                    }
                }
            });
        }
    }

    /** The console's sign-in as a browser makes it: to Keycloak's form, the form posted, back with a session. */
    private static void signIn(HttpClient browser, String gateway) throws IOException, InterruptedException {
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(gateway + "/console")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher action = FORM_ACTION.matcher(login.body());
        if (!action.find()) {
            throw new IllegalStateException("no Keycloak login form at " + login.uri() + ": " + login.statusCode());
        }
        String form = "username=" + AGENT + "&password=" + AGENT + "&credentialId=";
        HttpResponse<String> console = browser.send(HttpRequest.newBuilder(URI.create(action.group(1)
                .replace("&amp;", "&"))).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (console.statusCode() != 200 || !console.body().contains("id=\"signed-in\"")) {
            throw new IllegalStateException("signing in as " + AGENT + " ended at " + console.uri() + " with "
                    + console.statusCode());
        }
    }

    private static String lookup(HttpClient http, String gateway, String token, String email)
            throws IOException, InterruptedException {
        HttpResponse<String> found = http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/customers/lookup"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\": \"email\", \"value\": \"" + email + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher id = Pattern.compile("\"person_id\"\\s*:\\s*\"([^\"]+)\"").matcher(found.body());
        if (found.statusCode() != 200 || !id.find()) {
            throw new IllegalStateException("no demo customer " + email + ": " + found.statusCode() + " " + found.body());
        }
        return id.group(1);
    }

    private static void write(Benchmarks.Options run, List<Figures> figures, int customers, PrintStream out)
            throws IOException {
        RunTable.print(out, figures);
        Figures oneAgent = figures.get(1);
        String summary = String.format(Locale.ROOT, "%d demo customers of `make run`, the page of one at random each "
                + "time, signed in as agent %s through the console's OIDC sign-in; one agent opening pages one after "
                + "the other, then %.0f pages/s open loop (latency from each page's intended start). First byte: "
                + "the answer's head (the page is rendered whole before it is sent, so the two are close). The page "
                + "makes its calls one after the other: identity-checked profile (GetProfile), scoring (GetScores "
                + "twice: the 360's value and the scores), the population view (kept 60 s), contact-governance "
                + "(one CheckEligibilityBatch for every channel) and decisioning (Decide). Goal: the full page in under "
                + "%.0f ms — one agent's p99 %.1f ms: %s.%n", customers, AGENT, RATE, GOAL_MS, oneAgent.millis(99),
                oneAgent.millis(99) < GOAL_MS ? "met" : "not met");
        String md = RunTable.markdown("make bench BENCH=console", "pages/s", figures) + "\n" + summary;
        String json = RunTable.json(figures) + String.format(Locale.ROOT,
                ",%n  \"customers\": %d,%n  \"goal_ms\": %.0f,%n  \"one_agent_full_page_p99_ms\": %.3f,%n"
                        + "  \"one_agent_first_byte_p99_ms\": %.3f,%n  \"measured_at\": \"%s\"%n}%n",
                customers, GOAL_MS, oneAgent.millis(99), figures.get(0).millis(99), Instant.now());
        DocSection.write(run.home(), "console-page", md, json);
        out.println(summary);
        out.println("figures written to docs/benchmarks/console-page.json and docs/benchmarks.md");
    }
}
