package io.crowsnest.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.ServiceSpec;
import io.crowsnest.profile.v1.ProfileServiceGrpc;
import io.crowsnest.scoring.v1.ScoringServiceGrpc;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import redis.clients.jedis.Jedis;

/**
 * At least 10,000 generated malformed HTTP requests against every route and method of the
 * gateway's API, read from the OpenAPI document the running gateway serves, sent to the whole suite
 * on its real stores, signed in with real tokens of the local OIDC provider (the route's own role,
 * and some without, with a role the route refuses, or forged). Every answer is a 2xx or a 4xx
 * application/problem+json — never a 5xx, never a hang — and a refused request changes nothing in
 * any MongoDB collection or Redis keyspace (but the access audit, which records refused reads on
 * purpose). The seed and counts are printed; rerun one seed with {@code -Dcrowsnest.fuzz.seed=N}.
 */
class GatewayFuzzTest {

    private static final long SEED = Long.getLong("crowsnest.fuzz.seed", 20261206L);
    private static final int TOTAL = Integer.getInteger("crowsnest.fuzz.gateway-requests", 10_000);
    /** Fuzz only the routes containing this ({@code -Dcrowsnest.fuzz.routes=/inbox}); all when empty. */
    private static final String ONLY = System.getProperty("crowsnest.fuzz.routes", "");
    /**
     * The longest request line the HTTP server reads (quarkus.http.limits.max-initial-line-length):
     * a longer one is refused 414 by the HTTP codec before any gateway code runs, with no body —
     * Quarkus has no hook for that answer (quarkusio/quarkus#55082). Counted apart.
     */
    private static final int MAX_REQUEST_LINE = 4096;
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);
    private static final String PROBLEM_JSON = "application/problem+json";
    /** The access audit records every answered read of a customer, refused ones included (by design). */
    private static final String ACCESS_AUDIT = "mongo gateway.customer_accesses";
    private static final Pattern BODY_TYPE = Pattern.compile("not a valid (\\w+) in proto3 JSON");

    private static final Set<String> ALL_SERVICES = ServiceSpec.ALL.stream().map(ServiceSpec::name)
            .collect(java.util.stream.Collectors.toSet());

    private static LocalStack stack;
    private static MongoClient mongo;
    private static final Map<String, Jedis> REDIS = new LinkedHashMap<>();
    private static StoreDigest stores;
    private static HttpClient http;

    @BeforeAll
    static void start() throws IOException {
        // the fuzz is one client sending fast: the rate limit is not what it tests
        stack = FaultStack.start("gateway-fuzz", false, ALL_SERVICES, options -> options.withExtraEnv(Map.of(
                "CROWSNEST_GATEWAY_RATE_LIMIT_PER_SECOND", "1000000", "CROWSNEST_GATEWAY_RATE_LIMIT_BURST", "1000000")),
                Map.of());
        mongo = MongoClients.create(stack.mongoUri());
        for (String owner : List.of("scoring", "contact-governance", "alert-notification")) {
            REDIS.put(owner, new Jedis(URI.create(stack.redisUri(owner))));
        }
        stores = new StoreDigest(mongo, REDIS, Set.of(ACCESS_AUDIT));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    static void stop() {
        REDIS.values().forEach(Jedis::close);
        if (mongo != null) {
            mongo.close();
        }
        FaultStack.stop(stack);
    }

    @Test
    void malformedHttpRequestsAreRefusedAsProblemsAndChangeNothing() throws Exception {
        Map<String, String> tokens = new HashMap<>();
        for (String user : List.of("ann", "sue", "ada")) {
            tokens.put(user, stack.keycloak().token(user));
        }
        Map<String, String> ids = new HashMap<>();
        ids.put("personId", seedPerson(tokens.get("ann")));
        List<HttpFuzzer.Route> routes = new ArrayList<>();
        Map<HttpFuzzer.Route, String> users = new HashMap<>();
        for (HttpFuzzer.Route route : routes(openApi())) {
            if (!route.toString().contains(ONLY)) {
                continue;
            }
            Probe probe = probe(route, ids, tokens);
            HttpFuzzer.Route typed = new HttpFuzzer.Route(route.method(), route.template(), route.query(),
                    route.headers(), route.hasBody(), probe.bodyType());
            routes.add(typed);
            users.put(typed, probe.user());
        }
        System.out.printf("gateway fuzz: %d routes from the OpenAPI document: %s%n", routes.size(),
                routes.stream().map(r -> r + " (" + users.get(r) + (r.bodyType() == null ? "" : ", "
                        + r.bodyType().getName()) + ")").toList());
        assertTrue(!ONLY.isEmpty() || routes.size() >= 40, "the OpenAPI document lists every route, found " + routes.size());

        HttpFuzzer fuzzer = new HttpFuzzer(SEED);
        Map<String, Map<Integer, Integer>> answers = new TreeMap<>();
        Map<HttpFuzzer.Kind, Integer> kinds = new EnumMap<>(HttpFuzzer.Kind.class);
        List<String> unclean = new ArrayList<>();
        List<String> changedByRefusal = new ArrayList<>();
        List<String> notReproduced = new ArrayList<>();
        int perRoute = (TOTAL + routes.size() - 1) / routes.size();
        int sent = 0;
        long started = System.nanoTime();
        stores.calibrate();
        Map<String, Long> stored = stores.snapshot();
        for (HttpFuzzer.Route route : routes) {
            Map<Integer, Integer> counts = answers.computeIfAbsent(route.toString(), k -> new TreeMap<>());
            for (int i = 0; i < perRoute; i++) {
                HttpFuzzer.Request request = fuzzer.next(route, ids);
                kinds.merge(request.kind(), 1, Integer::sum);
                String token = token(request.signer(), users.get(route), tokens);
                Answer answer = send(request, token);
                sent++;
                counts.merge(answer.status(), 1, Integer::sum);
                String what = route + " " + request.kind() + " #" + i + " (" + request.method() + " "
                        + abbreviate(request.path()) + ") answered " + answer.status();
                if (answer.unclean() != null) {
                    unclean.add(what + ": " + answer.unclean());
                }
                stored = stores.check(stored, answer.status() >= 400, what, () -> send(request, token).status() >= 400,
                        changedByRefusal, notReproduced);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("gateway fuzz seed %d: %d requests in %.0f s (%s)%n", SEED, sent, seconds, kinds);
        Map<Integer, Integer> total = new TreeMap<>();
        Map<String, Map<Integer, Integer>> areas = new TreeMap<>();
        answers.forEach((route, counts) -> {
            System.out.printf("  %-70s %s%n", route, counts);
            // the area: the first segment after /api/v1/ (admin: the second too)
            String[] segments = route.substring(route.indexOf("/api/v1/") + 8).split("/");
            String area = segments[0].equals("admin") && segments.length > 1 ? "admin/" + segments[1] : segments[0];
            counts.forEach((status, n) -> {
                total.merge(status, n, Integer::sum);
                areas.computeIfAbsent(area, k -> new TreeMap<>()).merge(status, n, Integer::sum);
            });
        });
        areas.forEach((area, counts) -> System.out.printf("  area %-20s %s%n", area, counts));
        System.out.printf("  all routes: %s (414: request line over %d bytes, refused by the HTTP codec)%n", total,
                MAX_REQUEST_LINE);
        System.out.printf("  unclean answers: %d, refused requests that changed stored data: %d%n", unclean.size(),
                changedByRefusal.size());
        unclean.stream().limit(40).forEach(u -> System.out.println("  unclean: " + u));
        changedByRefusal.stream().limit(20).forEach(c -> System.out.println("  changed: " + c));
        notReproduced.forEach(c -> System.out.println("  background: " + c));
        assertTrue(sent >= TOTAL, "at least " + TOTAL + " requests, sent " + sent);
        assertEquals(List.of(), unclean.subList(0, Math.min(30, unclean.size())), unclean.size() + " unclean answers");
        assertEquals(List.of(), changedByRefusal, "refused requests must change nothing");
    }

    /** The route's role (the first of ann, sue, ada it does not refuse 403) and its body's contract message. */
    private record Probe(String user, Descriptor bodyType) {
    }

    private static Probe probe(HttpFuzzer.Route route, Map<String, String> ids, Map<String, String> tokens) {
        String path = route.template();
        for (Map.Entry<String, String> id : ids.entrySet()) {
            path = path.replace("{" + id.getKey() + "}", id.getValue());
        }
        path = path.replaceAll("\\{[^}]+}", "fuzz-probe");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Idempotency-Key", "probe-" + UUID.randomUUID());
        byte[] body = null;
        if (route.hasBody()) {
            headers.put("Content-Type", "application/json");
            body = "{\"crowsnest_fuzz_probe\": 1}".getBytes(StandardCharsets.UTF_8);
        }
        HttpFuzzer.Request request = new HttpFuzzer.Request(HttpFuzzer.Kind.BODY_MISSING_EXTRA, route.method(), path,
                headers, body, false, HttpFuzzer.Signer.RIGHT);
        for (String user : List.of("ann", "sue", "ada")) {
            Answer answer = send(request, tokens.get(user));
            if (answer.status() == 403) {
                continue;
            }
            Matcher type = BODY_TYPE.matcher(answer.body());
            return new Probe(user, type.find() ? MESSAGES.get(type.group(1)) : null);
        }
        return new Probe("ada", null);
    }

    private static String token(HttpFuzzer.Signer signer, String user, Map<String, String> tokens) {
        return switch (signer) {
            case RIGHT -> tokens.get(user);
            case NONE -> null;
            // an agent on a supervisor's or admin's route; on an agent's route, nobody
            case WRONG_ROLE -> user.equals("ann") ? null : tokens.get("ann");
            case FORGED -> {
                String real = tokens.get(user);
                int dot = real.lastIndexOf('.');
                char c = real.charAt(dot + 5);
                yield real.substring(0, dot + 5) + (c == 'A' ? 'B' : 'A') + real.substring(dot + 6);
            }
        };
    }

    private static boolean requestLineTooLong(HttpFuzzer.Request request) {
        return (request.method() + " " + request.path() + " HTTP/1.1").length() > MAX_REQUEST_LINE;
    }

    /**
     * What the gateway answered: the status, and why the answer is unclean (a 5xx, a 4xx that is no
     * problem+json, no answer in time), or null.
     */
    private record Answer(int status, String body, String unclean) {
    }

    private static Answer send(HttpFuzzer.Request request, String token) {
        HttpRequest.BodyPublisher publisher;
        if (request.body() == null) {
            publisher = HttpRequest.BodyPublishers.noBody();
        } else if (request.chunked()) {
            byte[] bytes = request.body();
            publisher = HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes));
        } else {
            publisher = HttpRequest.BodyPublishers.ofByteArray(request.body());
        }
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.gatewayPort() + request.path()))
                    .timeout(ANSWER_WITHIN).method(request.method(), publisher);
        } catch (IllegalArgumentException e) {
            throw new AssertionError("the fuzzer made a request the client cannot send: " + request.path(), e);
        }
        request.headers().forEach(builder::header);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (java.net.http.HttpTimeoutException e) {
            return new Answer(0, "", "no answer within " + ANSWER_WITHIN.toSeconds() + " s");
        } catch (IOException e) {
            if (requestLineTooLong(request)) {
                // the codec refuses it 414 and closes the connection; a client still sending its body
                // may see the close before the 414 (a race in the HTTP server, see MAX_REQUEST_LINE)
                return new Answer(414, "", null);
            }
            return new Answer(0, "", "connection failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        int status = response.statusCode();
        String type = response.headers().firstValue("Content-Type").orElse("");
        String body;
        try (InputStream in = response.body()) {
            // a stream (server-sent events) that opened is healthy: read no further
            body = type.startsWith("text/event-stream") ? "" : new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new Answer(status, "", "the answer broke off: " + e);
        }
        String unclean = null;
        if (status >= 500 || status < 200 || (status >= 300 && status < 400)) {
            unclean = type + " " + abbreviate(body);
        } else if (status >= 400) {
            if (status == 414 && requestLineTooLong(request)) {
                return new Answer(status, body, null); // the HTTP codec's own refusal, see MAX_REQUEST_LINE
            }
            if (!type.startsWith(PROBLEM_JSON)) {
                unclean = "a " + status + " as \"" + type + "\", not " + PROBLEM_JSON + ": " + abbreviate(body);
            } else if (!request.method().equals("HEAD") && !isProblem(body, status)) {
                unclean = "a " + status + " whose body is no problem with that status: " + abbreviate(body);
            }
        }
        return new Answer(status, body, unclean);
    }

    private static boolean isProblem(String body, int status) {
        try {
            JsonElement json = JsonParser.parseString(body);
            return json.isJsonObject() && json.getAsJsonObject().has("status")
                    && json.getAsJsonObject().get("status").getAsInt() == status
                    && json.getAsJsonObject().has("title");
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 160 ? text : text.substring(0, 160) + "…(" + text.length() + " chars)";
    }

    /** A person the routes with {personId} can find: one event recorded as an agent would. */
    private static String seedPerson(String agentToken) throws Exception {
        String event = """
                {"event_id": "fuzz:%s", "identifiers": [{"type": "email", "value": "fuzz-%s@example.com"}],
                 "type": "EVENT_TYPE_CALL_CENTRE_CALL", "channel": "CHANNEL_PHONE", "occurred_at": "%s"}
                """.formatted(UUID.randomUUID(), SEED, Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + stack.gatewayPort() + "/api/v1/events"))
                .header("Authorization", "Bearer " + agentToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JsonParser.parseString(response.body()).getAsJsonObject().get("person_id").getAsString();
    }

    private static JsonObject openApi() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + stack.gatewayPort() + "/q/openapi?format=json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    /** Every operation under /api of the OpenAPI document, with its query and header parameters. */
    static List<HttpFuzzer.Route> routes(JsonObject openApi) {
        List<HttpFuzzer.Route> routes = new ArrayList<>();
        for (Map.Entry<String, JsonElement> path : openApi.getAsJsonObject("paths").entrySet()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            JsonObject item = path.getValue().getAsJsonObject();
            for (Map.Entry<String, JsonElement> operation : item.entrySet()) {
                String method = operation.getKey().toUpperCase(java.util.Locale.ROOT);
                if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                JsonObject op = operation.getValue().getAsJsonObject();
                List<String> query = new ArrayList<>();
                List<String> headers = new ArrayList<>();
                List<JsonElement> parameters = new ArrayList<>();
                if (item.has("parameters")) {
                    item.getAsJsonArray("parameters").forEach(parameters::add);
                }
                if (op.has("parameters")) {
                    op.getAsJsonArray("parameters").forEach(parameters::add);
                }
                for (JsonElement p : parameters) {
                    JsonObject parameter = p.getAsJsonObject();
                    String in = parameter.has("in") ? parameter.get("in").getAsString() : "";
                    if (in.equals("query")) {
                        query.add(parameter.get("name").getAsString());
                    } else if (in.equals("header")) {
                        headers.add(parameter.get("name").getAsString());
                    }
                }
                routes.add(new HttpFuzzer.Route(method, path.getKey(), query, headers, op.has("requestBody"), null));
            }
        }
        return routes;
    }

    /** Every contract message of the six services, by its simple name. */
    private static final Map<String, Descriptor> MESSAGES = new HashMap<>();

    static {
        for (io.grpc.ServiceDescriptor service : List.of(IdentityServiceGrpc.getServiceDescriptor(),
                ProfileServiceGrpc.getServiceDescriptor(), ScoringServiceGrpc.getServiceDescriptor(),
                DecisioningServiceGrpc.getServiceDescriptor(), ContactGovernanceServiceGrpc.getServiceDescriptor(),
                AlertNotificationServiceGrpc.getServiceDescriptor())) {
            index(((ProtoServiceDescriptorSupplier) service.getSchemaDescriptor()).getFileDescriptor());
        }
    }

    private static void index(FileDescriptor file) {
        for (Descriptor message : file.getMessageTypes()) {
            MESSAGES.putIfAbsent(message.getName(), message);
        }
        file.getDependencies().forEach(GatewayFuzzTest::index);
    }
}
