package io.crowsnest.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.contactgovernance.v1.CheckEligibilityBatchRequest;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc.ContactGovernanceServiceBlockingStub;
import io.crowsnest.contactgovernance.v1.ContactRequest;
import io.crowsnest.decisioning.v1.DecideRequest;
import io.crowsnest.decisioning.v1.DecisionContext;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc.DecisioningServiceBlockingStub;
import io.crowsnest.decisioning.v1.InteractionDirection;
import io.crowsnest.identity.v1.GetIdentityRequest;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.StackPorts;
import io.crowsnest.localstack.testing.FreePort;
import io.crowsnest.localstack.testing.SignedChannels;
import io.crowsnest.profile.v1.GetProfileRequest;
import io.crowsnest.profile.v1.ProfileServiceGrpc.ProfileServiceBlockingStub;
import io.crowsnest.scoring.v1.GetPopulationViewRequest;
import io.crowsnest.scoring.v1.GetScoresRequest;
import io.crowsnest.scoring.v1.ScoringServiceGrpc.ScoringServiceBlockingStub;
import io.grpc.ManagedChannel;

/**
 * The call-centre agent's customer page through the gateway's HTTP API, signed in as agent ann of
 * the local Keycloak: a customer's 360, contact status, scores and next best actions for 10,000
 * customers seeded through profile, each route open loop at {@link #RATE} requests/s (latency from
 * each request's intended start); beside them, in the same run, the floor (a static console asset
 * the gateway serves without any service, store or token check) and the same reads made directly
 * over gRPC at the services, as the gateway makes them, so that each hop's cost shows (and profile's
 * GetProfile without identifiers, i.e. without its call to identity, and identity's GetIdentity
 * alone), and the MongoDB commands identity sends per GetIdentity (its own counters). Figures go
 * to docs/benchmarks/agent-page.json and the agent-page section of docs/benchmarks.md.
 */
public final class AgentPageBenchmark {

    static final double RATE = 200;
    static final int CUSTOMERS = 10_000;
    static final int CLIENTS = 32;
    /** GetIdentity calls over which identity's MongoDB commands are counted. */
    static final int COUNTED_READS = 1_000;
    /** Seconds of each look at the seeded stack with nothing asked of it, before the warm-ups. */
    static final int IDLE_SECONDS = 10;
    /** The stack counts as settled when its services and stores use less than this many cores. */
    static final double SETTLED_CORES = 0.25;
    /** How long the harness waits at most for the seeded stack to settle. */
    static final Duration SETTLE_LIMIT = Duration.ofMinutes(5);
    /** Seconds each route (and the floor) is asked in one warm-up round. */
    static final int WARM_ROUND_SECONDS = 10;
    /** Seconds of one warm-up round of a direct gRPC read, alone before it is measured. */
    static final int DIRECT_WARM_ROUND_SECONDS = 5;
    /** Population view reads timed one after the other on the idle stack. */
    static final int POPULATION_READS = 20;
    static final String AGENT = "ann";
    static final String FLOOR_PATH = "/console-assets/console.css";
    private static final String DIVISION = DecisioningFixture.DIVISIONS.get(0);
    private static final List<Channel> CHANNELS = List.of(Channel.CHANNEL_EMAIL, Channel.CHANNEL_SMS,
            Channel.CHANNEL_PHONE, Channel.CHANNEL_PUSH, Channel.CHANNEL_DIRECT_MAIL);

    /** Answers of any route other than the status expected, warm-ups included. */
    static final java.util.concurrent.atomic.AtomicLong WRONG_ANSWERS = new java.util.concurrent.atomic.AtomicLong();

    private AgentPageBenchmark() {
    }

    /** One page read: its label, how the request for a customer is built, the status it must answer. */
    private record Route(String label, Function<String, HttpRequest.Builder> request, int status) {
    }

    static void run(Benchmarks.Options run) throws Exception {
        PrintStream out = System.out;
        String loadBefore = loadAverage();
        Duration phase = Duration.ofSeconds(run.seconds());
        StackPorts ports = new StackPorts(FreePort.pick(), FreePort.pick(), FreePort.pick(), FreePort.pick());
        LocalStack.Options options = LocalStack.Options.defaults(run.home()).withPorts(ports)
                .withStateDir(run.home().resolve("integration-tests/benchmarks/target/agent-page-stack"), false)
                .withOnly(Set.of("identity", "profile", "scoring", "contact-governance", "decisioning", "gateway"))
                .withJvmOptions(List.of("-Xms256m", "-Xmx512m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=10"));
        out.println("starting identity, profile, scoring, contact-governance, decisioning, the gateway and Keycloak...");
        // 200 requests/s is some 50 agents opening a customer page each second; the benchmark signs in
        // as one agent, so the gateway's per-client rate limit (50/s by default) is raised to let that
        // one client stand for them all (the limiter still runs on every request)
        Map<String, Map<String, String>> env = Map.of("gateway", Map.of(
                "CROWSNEST_GATEWAY_RATE_LIMIT_PER_SECOND", "10000", "CROWSNEST_GATEWAY_RATE_LIMIT_BURST", "10000"));
        try (LocalStack stack = LocalStack.start(options, env, out)) {
            List<ManagedChannel> channels = new ArrayList<>();
            DecisioningFixture.Seeded seeded = DecisioningFixture.seed(stack, CUSTOMERS, channels, out);
            List<String> persons = seeded.persons();

            String gateway = "http://127.0.0.1:" + stack.gatewayPort();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(4, AgentPageBenchmark::daemon)).connectTimeout(Duration.ofSeconds(5)).build();
            List<Route> routes = routes(gateway, stack);
            CpuMeter meter = new CpuMeter(stack);
            Map<String, Double> idle = settle(meter, out);
            Route floorRoute = new Route("floor: GET " + FLOOR_PATH + " (no service, no store, no token check)",
                    person -> HttpRequest.newBuilder(URI.create(gateway + FLOOR_PATH)), 200);

            List<Route> warmed = concat(routes, floorRoute);
            WarmUp.Result warmth = WarmUp.untilWarm(meter, String.format(Locale.ROOT, "a round: every route and the "
                    + "floor %d s each at %.0f requests/s", WARM_ROUND_SECONDS, RATE),
                    () -> StandInTrim.decisionLog(stack, out), () -> {
                        for (Route route : warmed) {
                            LoadRun.openLoop("warm-up", CLIENTS, Duration.ofSeconds(WARM_ROUND_SECONDS), RATE,
                                    call(http, route, persons), out);
                        }
                    }, out);
            List<Figures> pages = new ArrayList<>();
            List<CpuMeter.Use> cpu = new ArrayList<>();
            // each route is then warmed alone right before it is measured: a route that only had its
            // share of the rounds above (decisioning's Decide, for one) still compiled for seconds
            Map<String, WarmUp.Result> alone = new LinkedHashMap<>();
            for (Route route : routes) {
                alone.put(route.label(), WarmUp.untilWarm(meter, String.format(Locale.ROOT, "a round: the route alone "
                        + "%d s at %.0f requests/s", WARM_ROUND_SECONDS, RATE), () -> StandInTrim.decisionLog(stack, out),
                        () -> LoadRun.openLoop("warm-up", CLIENTS, Duration.ofSeconds(WARM_ROUND_SECONDS), RATE,
                                call(http, route, persons), out), out));
                StandInTrim.decisionLog(stack, out);
                out.printf("%s, %.0f requests/s open loop, %d s%n", route.label(), RATE, run.seconds());
                CpuMeter.Reading before = meter.read();
                pages.add(LoadRun.openLoop(route.label(), CLIENTS, phase, RATE, call(http, route, persons), out));
                cpu.add(meter.since(before, pages.get(pages.size() - 1)));
            }
            out.printf("%s, %.0f requests/s open loop, %d s%n", floorRoute.label(), RATE, run.seconds());
            CpuMeter.Reading beforeFloor = meter.read();
            Figures floor = LoadRun.openLoop(floorRoute.label(), CLIENTS, phase, RATE, call(http, floorRoute, persons),
                    out);
            cpu.add(meter.since(beforeFloor, floor));

            ManagedChannel identityChannel = SignedChannels.builder("127.0.0.1", stack.grpcPort("identity")).build();
            channels.add(identityChannel);
            IdentityServiceBlockingStub identity = IdentityServiceGrpc.newBlockingStub(identityChannel);
            List<Figures> direct = new ArrayList<>();
            for (Direct read : directReads(seeded, identity)) {
                out.printf("direct gRPC: %s, warming up alone, then %.0f calls/s open loop, %d s%n", read.label(), RATE,
                        run.seconds());
                LoadRun.Operation op = thread -> read.call().accept(person(persons));
                alone.put(read.label(), WarmUp.untilWarm(meter, String.format(Locale.ROOT, "a round: the call alone "
                        + "%d s at %.0f calls/s", DIRECT_WARM_ROUND_SECONDS, RATE), () -> StandInTrim.decisionLog(stack, out),
                        () -> LoadRun.openLoop("warm-up", CLIENTS, Duration.ofSeconds(DIRECT_WARM_ROUND_SECONDS), RATE, op,
                                out), out));
                StandInTrim.decisionLog(stack, out);
                CpuMeter.Reading before = meter.read();
                direct.add(LoadRun.openLoop(read.label(), CLIENTS, phase, RATE, op, out));
                cpu.add(meter.since(before, direct.get(direct.size() - 1)));
            }
            out.printf("counting identity's MongoDB commands over %d GetIdentity calls...%n", COUNTED_READS);
            Map<String, Double> perRead = identityCommands(identity, new RoundTrips(stack.httpPort("identity")),
                    persons);
            out.printf("timing %d population view reads, one after the other...%n", POPULATION_READS);
            String population = populationReads(seeded.scoring());
            channels.forEach(ManagedChannel::shutdownNow);
            new AgentPageReport(pages, floor, direct, persons.size(), loadBefore + " → " + loadAverage(), perRead,
                    population, idle, warmth, alone, cpu).write(run.home(), out);
        }
    }

    /**
     * Waits, looking {@link #IDLE_SECONDS} at a time, until the seeded stack's processes use less
     * than {@link #SETTLED_CORES} with nothing asked of them (the seeding leaves work behind: profile's
     * outbox forwarding the events to scoring, scoring's segment evaluation and population snapshot),
     * at most {@link #SETTLE_LIMIT}; answers the last look's cores busy by process.
     */
    private static Map<String, Double> settle(CpuMeter meter, PrintStream out) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
        while (true) {
            CpuMeter.Reading before = meter.read();
            Thread.sleep(IDLE_SECONDS * 1000L);
            Map<String, Double> idle = meter.coresSince(before);
            double busy = idle.entrySet().stream().filter(e -> !e.getKey().equals(CpuMeter.HARNESS)
                    && !e.getKey().equals(CpuMeter.MACHINE)).mapToDouble(Map.Entry::getValue).sum();
            out.printf("with nothing asked of it, the stack used %.2f cores over %d s (the whole machine %.2f)%n", busy,
                    IDLE_SECONDS, idle.getOrDefault(CpuMeter.MACHINE, 0.0));
            if (busy < SETTLED_CORES || System.nanoTime() > deadline) {
                return idle;
            }
        }
    }

    /** The four reads of the agent's page, as the console and any call-centre app make them. */
    private static List<Route> routes(String gateway, LocalStack stack) throws IOException {
        stack.keycloak().token(AGENT);
        // the token Keycloak gave, reused until a minute before it expires
        Function<String, HttpRequest.Builder> get = path -> HttpRequest.newBuilder(URI.create(gateway + path))
                .header("Authorization", "Bearer " + token(stack)).header("Accept", "application/json");
        // what the console's customer page asks
        String decide = "{\"channel\": \"CHANNEL_PHONE\", \"max_actions\": 3, \"explain_rejected\": true, "
                + "\"context\": {\"direction\": \"INTERACTION_DIRECTION_INBOUND\", \"division\": {\"id\": \""
                + DIVISION + "\"}, \"placement\": \"console\"}}";
        return List.of(
                new Route("GET /api/v1/customers/{id} (360)", person -> get.apply("/api/v1/customers/" + person), 200),
                new Route("GET /api/v1/customers/{id}/contact-status?division=" + DIVISION,
                        person -> get.apply("/api/v1/customers/" + person + "/contact-status?division=" + DIVISION),
                        200),
                new Route("GET /api/v1/customers/{id}/scores",
                        person -> get.apply("/api/v1/customers/" + person + "/scores"), 200),
                new Route("POST /api/v1/customers/{id}/decisions (next best actions)",
                        person -> get.apply("/api/v1/customers/" + person + "/decisions")
                                .header("Content-Type", "application/json")
                                .header("Idempotency-Key", UUID.randomUUID().toString())
                                .POST(HttpRequest.BodyPublishers.ofString(decide)),
                        201));
    }

    private static String token(LocalStack stack) {
        try {
            return stack.keycloak().token(AGENT);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A request of {@code route} for a random customer; the first wrong answer of each route is printed. */
    private static LoadRun.Operation call(HttpClient http, Route route, List<String> persons) {
        java.util.concurrent.atomic.AtomicBoolean told = new java.util.concurrent.atomic.AtomicBoolean();
        return thread -> {
            HttpResponse<byte[]> response = http.send(route.request().apply(person(persons).getPersonId())
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != route.status()) {
                String body = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
                WRONG_ANSWERS.incrementAndGet();
                if (told.compareAndSet(false, true)) {
                    System.out.printf("  %s answered %d: %.300s%n", route.label(), response.statusCode(), body);
                }
                throw new IllegalStateException(route.label() + " answered " + response.statusCode());
            }
        };
    }

    /** A read made straight at the services over gRPC, the calls the gateway makes for one route. */
    private record Direct(String label, java.util.function.Consumer<PersonRef> call) {
    }

    /** Identity's MongoDB commands per GetIdentity (by command and collection), one client, random customers. */
    private static Map<String, Double> identityCommands(IdentityServiceBlockingStub identity, RoundTrips trips,
            List<String> persons) throws IOException, InterruptedException {
        RoundTrips.Snapshot before = trips.read();
        for (int i = 0; i < COUNTED_READS; i++) {
            identity.withDeadlineAfter(10, TimeUnit.SECONDS).getIdentity(GetIdentityRequest.newBuilder()
                    .setPersonId(person(persons).getPersonId()).build());
        }
        return trips.read().perOperation(before, COUNTED_READS);
    }

    /**
     * Scoring's population view as the gateway's value rank (the 360's "value_rank") reads it, one
     * call at a time on the idle stack: its p50 and max, for comparing with the 360's latency.
     */
    private static String populationReads(ScoringServiceBlockingStub scoring) {
        long[] nanos = new long[POPULATION_READS];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            scoring.withDeadlineAfter(60, TimeUnit.SECONDS).getPopulationView(GetPopulationViewRequest.newBuilder()
                    .addScoreNames("churn_risk").setBucketCount(1).build());
            nanos[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(nanos);
        return String.format(java.util.Locale.ROOT, "p50 %.1f ms, max %.1f ms over %d calls",
                nanos[nanos.length / 2] / 1e6, nanos[nanos.length - 1] / 1e6, nanos.length);
    }

    private static List<Direct> directReads(DecisioningFixture.Seeded seeded, IdentityServiceBlockingStub identity) {
        ProfileServiceBlockingStub profile = seeded.profile();
        ScoringServiceBlockingStub scoring = seeded.scoring();
        ContactGovernanceServiceBlockingStub governance = seeded.governance();
        DecisioningServiceBlockingStub decisioning = seeded.decisioning();
        return List.of(
                new Direct("gRPC GetProfile + GetScores (the 360's calls)", person -> {
                    profile.withDeadlineAfter(10, TimeUnit.SECONDS).getProfile(GetProfileRequest.newBuilder()
                            .setPerson(person).build());
                    scoring.withDeadlineAfter(10, TimeUnit.SECONDS).getScores(GetScoresRequest.newBuilder()
                            .setPerson(person).build());
                }),
                new Direct("gRPC CheckEligibilityBatch of 5 channels (contact status's call)", person -> {
                    CheckEligibilityBatchRequest.Builder batch = CheckEligibilityBatchRequest.newBuilder();
                    for (Channel channel : CHANNELS) {
                        batch.addContacts(ContactRequest.newBuilder().setPerson(person).setChannel(channel)
                                .setDivision(DivisionRef.newBuilder().setId(DIVISION))
                                .setCategory(ContactCategory.CONTACT_CATEGORY_MARKETING).setRequestingSystem("gateway"));
                    }
                    governance.withDeadlineAfter(10, TimeUnit.SECONDS).checkEligibilityBatch(batch.build());
                }),
                new Direct("gRPC GetScores (the scores' call)", person -> scoring.withDeadlineAfter(10, TimeUnit.SECONDS)
                        .getScores(GetScoresRequest.newBuilder().setPerson(person).build())),
                new Direct("gRPC Decide (next best actions' call)", person -> decisioning
                        .withDeadlineAfter(10, TimeUnit.SECONDS).decide(DecideRequest.newBuilder().setPerson(person)
                                .setChannel(Channel.CHANNEL_PHONE).setMaxActions(3).setExplainRejected(true)
                                .setIdempotencyKey(UUID.randomUUID().toString())
                                .setContext(DecisionContext.newBuilder().setAgentId(AGENT).setPlacement("console")
                                        .setDirection(InteractionDirection.INTERACTION_DIRECTION_INBOUND)
                                        .setDivision(DivisionRef.newBuilder().setId(DIVISION)))
                                .build())),
                // profile's own share of the 360: without identifiers profile does not call identity's GetIdentity
                new Direct("gRPC GetProfile without identifiers (profile alone)", person -> profile
                        .withDeadlineAfter(10, TimeUnit.SECONDS).getProfile(GetProfileRequest.newBuilder()
                                .setPerson(person).setOmitIdentifiers(true).build())),
                // identity's share of the 360: the call profile makes for the masked identifiers
                new Direct("gRPC GetIdentity (identity alone, profile's call for the 360)", person -> identity
                        .withDeadlineAfter(10, TimeUnit.SECONDS).getIdentity(GetIdentityRequest.newBuilder()
                                .setPersonId(person.getPersonId()).build())));
    }

    private static PersonRef person(List<String> persons) {
        return PersonRef.newBuilder().setPersonId(persons.get(ThreadLocalRandom.current().nextInt(persons.size())))
                .build();
    }

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "agent-page-http");
        thread.setDaemon(true);
        return thread;
    }

    /** The machine's load average over 1, 5 and 15 minutes, to tell a run on a busy machine. */
    private static String loadAverage() throws IOException {
        String[] fields = java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + ", " + fields[1] + ", " + fields[2];
    }

    private static List<Route> concat(List<Route> routes, Route last) {
        List<Route> all = new ArrayList<>(routes);
        all.add(last);
        return all;
    }
}
