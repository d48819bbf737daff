package io.crowsnest.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.ServiceSpec;
import io.crowsnest.localstack.testing.FreePort;

/**
 * Contact governance turns slow — not down, not hung: every chunk to and from it is forwarded 3–4 s
 * late, so that a call, which needs at least its request and its answer to pass, takes 6 s or more —
 * while agents read and write through the gateway. The gateway's deadline on governance
 * (crowsnest.gateway.governance-deadline, 5 s) fires: each call that needs governance is answered
 * by the gateway itself, 503/504 problem+json saying so, well before the agent's own deadline (a
 * decision is answered by decisioning, whose own shorter deadline on governance fires first); reads that need no governance are served meanwhile, although
 * more calls wait on governance than the gateway has worker threads (no pool exhausted); and when
 * governance is fast again, everything answers 200 again.
 */
class SlowGovernanceTest {

    /** More than the gateway's worker threads on a small machine (Quarkus: 8 per core, at least 20). */
    private static final int SLOW_CALLS = 40;
    private static final Duration GATEWAY_DEADLINE = Duration.ofSeconds(5);
    /**
     * The proxy's pause per chunk, either way. A call's request and its answer are at least two
     * chunks, so the least a call can take (6 s) is past the gateway's deadline: the deadline must
     * fire on every call the gateway makes to governance itself. (With 1–3 s, as this test had
     * first, request and answer could both draw short pauses — the calls at once share a connection
     * and so the same few pauses — and every call then made it in time: the check below failed
     * without anything being wrong.)
     */
    private static final Duration PAUSE_MIN = Duration.ofSeconds(3);
    private static final Duration PAUSE_MAX = Duration.ofSeconds(4);
    /** The agent's own patience: a call still open after this means a deadline did not fire. */
    private static final Duration AGENT_DEADLINE = Duration.ofSeconds(30);
    private static final String PROBLEM_JSON = "application/problem+json";

    private static LocalStack stack;
    private static StallingProxy proxy;
    private static HttpClient http;

    @BeforeAll
    static void start() throws IOException {
        int[] governancePort = new int[1];
        proxy = new StallingProxy(FreePort.pick(), () -> governancePort[0]);
        ServiceSpec governance = ServiceSpec.ALL.stream().filter(s -> s.name().equals("contact-governance"))
                .findFirst().orElseThrow();
        // the gateway and decisioning reach contact-governance through the proxy
        stack = FaultStack.start("slow-governance", false, ServiceSpec.ALL.stream().map(ServiceSpec::name)
                .collect(java.util.stream.Collectors.toSet()), options -> {
                    governancePort[0] = options.ports().grpc(governance);
                    return options.withExtraEnv(Map.of("CROWSNEST_CONTACT_GOVERNANCE_PORT",
                            Integer.toString(proxy.port())));
                }, Map.of());
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newCachedThreadPool()).build();
    }

    @AfterAll
    static void stop() throws IOException {
        FaultStack.stop(stack);
        proxy.close();
    }

    @Test
    void aSlowGovernanceIsAnsweredInTimeOtherRoutesStayServedAndAllRecovers() throws Exception {
        activatePolicy(stack.keycloak().token("ada"));
        String agent = stack.keycloak().token("ann");
        // a customer per call, so that no two writes wait on each other's consent record
        List<String> persons = new ArrayList<>();
        for (int i = 0; i < SLOW_CALLS; i++) {
            persons.add(recordEvent(agent));
        }
        Call ungoverned = new Call("GET", "/api/v1/customers/" + persons.get(0) + "/events", null);
        for (Call call : governed(persons.get(0))) {
            Answer before = send(call, agent);
            assertEquals(call.method().equals("POST") ? 201 : 200, before.status(), call + " before: " + before.body());
        }

        proxy.delay(PAUSE_MIN, PAUSE_MAX);
        ExecutorService agents = Executors.newFixedThreadPool(SLOW_CALLS);
        List<Future<Answer>> slow = new ArrayList<>();
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < SLOW_CALLS; i++) {
            Call call = governed(persons.get(i)).get(i % 5);
            calls.add(call);
            slow.add(agents.submit((Callable<Answer>) () -> send(call, agent)));
        }
        // while they wait on governance, reads that need none are served
        List<Answer> served = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Answer read = send(ungoverned, agent);
            assertEquals(200, read.status(), "a read that needs no governance, while governance is slow: " + read.body());
            served.add(read);
        }
        Map<String, Integer> answers = new TreeMap<>();
        long slowest = 0;
        int directInTime = 0;
        for (int i = 0; i < SLOW_CALLS; i++) {
            Call call = calls.get(i);
            Answer answer = slow.get(i).get(AGENT_DEADLINE.toSeconds() + 10, TimeUnit.SECONDS);
            answers.merge(answer.status() + (answer.reason().isEmpty() ? "" : " " + answer.reason()), 1, Integer::sum);
            slowest = Math.max(slowest, answer.millis());
            if (answer.status() < 300 && !call.path().endsWith("/decisions")) {
                directInTime++;
            }
            assertTrue(answer.status() < 300 || answer.status() == 503 || answer.status() == 504,
                    call + " answered " + answer.status() + ": " + answer.body());
            if (answer.status() >= 300) {
                assertEquals(PROBLEM_JSON, answer.type(), call + ": " + answer.body());
                assertTrue(answer.detail().contains("contact-governance"),
                        call + ": the problem says which service was slow: " + answer.body());
            }
            // the gateway's deadline, not the agent's, ended the call (the slack: a call in flight
            // when the deadline fires, and a small machine running the whole suite)
            assertTrue(answer.millis() < GATEWAY_DEADLINE.toMillis() + 5_000,
                    call + " took " + answer.millis() + " ms, longer than the gateway's deadline allows");
        }
        agents.shutdown();
        long timedOut = answers.entrySet().stream().filter(e -> e.getKey().startsWith("50")).mapToLong(Map.Entry::getValue)
                .sum();
        System.out.printf("faults: governance slowed 3-4 s per chunk: %d calls answered %s, slowest %d ms; "
                + "%d reads without governance served meanwhile, slowest %d ms%n", SLOW_CALLS, answers, slowest,
                served.size(), served.stream().mapToLong(Answer::millis).max().orElse(0));
        // every call the gateway makes to governance itself (all but the decisions) ended at its deadline
        assertEquals(0, directInTime, "the gateway's deadline fired on every call it made to governance: " + answers);
        assertTrue(timedOut > 0, "the gateway's deadline never fired: " + answers);

        proxy.undelay();
        // governance is fast again: the same calls answer as before (a peer's breaker may pause them a few seconds)
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(60));
        for (Call call : governed(persons.get(1))) {
            Answer after = send(call, agent);
            while (after.status() >= 500 && Instant.now().isBefore(giveUp)) {
                Thread.sleep(500); // bounded retry pause, as a client would
                after = send(call, agent);
            }
            assertEquals(call.method().equals("POST") ? 201 : 200, after.status(), call + " after: " + after.body());
        }
    }

    /** The agent's calls that need contact governance, for one customer: reads, a write, a decision. */
    private static List<Call> governed(String person) {
        return List.of(
                new Call("GET", "/api/v1/customers/" + person + "/contact-status?division=cards", null),
                new Call("GET", "/api/v1/customers/" + person + "/consents", null),
                new Call("GET", "/api/v1/customers/" + person + "/contact-history", null),
                new Call("PUT", "/api/v1/customers/" + person + "/consents",
                        "{\"changes\": [{\"channel\": \"CHANNEL_EMAIL\", \"purpose\": \"CONSENT_PURPOSE_MARKETING\","
                                + " \"status\": \"CONSENT_STATUS_OPTED_IN\"}]}"),
                new Call("POST", "/api/v1/customers/" + person + "/decisions", "{}"));
    }

    private record Call(String method, String path, String body) {
        @Override
        public String toString() {
            return method + " " + path.replaceAll("customers/[^/]+", "customers/{personId}");
        }
    }

    private record Answer(int status, String type, String body, long millis) {
        String reason() {
            return field("reason");
        }

        String detail() {
            return field("detail");
        }

        private String field(String name) {
            try {
                JsonObject json = JsonParser.parseString(body).getAsJsonObject();
                return json.has(name) ? json.get(name).getAsString() : "";
            } catch (RuntimeException e) {
                return "";
            }
        }
    }

    private static Answer send(Call call, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.gatewayPort()
                + call.path())).timeout(AGENT_DEADLINE).header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", "slow-" + UUID.randomUUID());
        if (call.body() == null) {
            request.method(call.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(call.method(),
                    HttpRequest.BodyPublishers.ofString(call.body()));
        }
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** Governance grants nothing without an active contact policy: one division, one weekly cap. */
    private static void activatePolicy(String admin) throws Exception {
        String policy = """
                {"policy": {"policy_id": "slow-governance", "display_name": "Slow governance",
                  "default_time_zone": "Europe/Paris",
                  "divisions": [{"division_id": "cards", "display_name": "Cards", "priority": 1}],
                  "frequency_caps": [{"rule_id": "global-weekly", "scope": "CAP_SCOPE_GLOBAL", "max_contacts": 3,
                    "window": {"length": 1, "unit": "WINDOW_UNIT_WEEKS"}}]},
                 "change_note": "fault suite"}
                """;
        Answer created = send(new Call("POST", "/api/v1/admin/policies", policy), admin);
        assertEquals(201, created.status(), created.body());
        Answer activated = send(new Call("POST", "/api/v1/admin/policies/slow-governance/versions/1/activate",
                "{\"change_note\": \"fault suite\"}"), admin);
        assertEquals(200, activated.status(), activated.body());
    }

    private static String recordEvent(String agent) throws Exception {
        String event = """
                {"event_id": "slow:%s", "identifiers": [{"type": "email", "value": "slow-%s@example.com"}],
                 "type": "EVENT_TYPE_CALL_CENTRE_CALL", "channel": "CHANNEL_PHONE", "occurred_at": "%s"}
                """.formatted(UUID.randomUUID(), UUID.randomUUID(), Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS));
        Answer answer = send(new Call("POST", "/api/v1/events", event), agent);
        assertEquals(200, answer.status(), answer.body());
        return JsonParser.parseString(answer.body()).getAsJsonObject().get("person_id").getAsString();
    }
}
