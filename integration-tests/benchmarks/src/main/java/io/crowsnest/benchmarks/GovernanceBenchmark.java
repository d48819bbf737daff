package io.crowsnest.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.RollingWindow;
import io.crowsnest.common.v1.WindowUnit;
import io.crowsnest.contactgovernance.v1.ActivatePolicyVersionRequest;
import io.crowsnest.contactgovernance.v1.CapScope;
import io.crowsnest.contactgovernance.v1.CommitReservationRequest;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc.ContactGovernanceServiceBlockingStub;
import io.crowsnest.contactgovernance.v1.ContactRequest;
import io.crowsnest.contactgovernance.v1.Division;
import io.crowsnest.contactgovernance.v1.FrequencyCap;
import io.crowsnest.contactgovernance.v1.GetReservationRequest;
import io.crowsnest.contactgovernance.v1.ListContactHistoryRequest;
import io.crowsnest.contactgovernance.v1.Policy;
import io.crowsnest.contactgovernance.v1.ReserveContactRequest;
import io.crowsnest.contactgovernance.v1.ReserveContactResponse;
import io.crowsnest.contactgovernance.v1.UpsertPolicyRequest;
import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.StackPorts;
import io.crowsnest.localstack.testing.FreePort;
import io.crowsnest.localstack.testing.SignedChannels;
import io.grpc.ManagedChannel;

/**
 * Reserve+commit through gRPC against one contact-governance process with its own Redis and the
 * MongoDB wire-protocol server, at several concurrencies; then, in the same run and against the
 * same Redis, the raw limit of the reserve script (a tight EVALSHA loop). Figures go to
 * docs/benchmarks/contact-governance.json and the contact-governance section of
 * docs/benchmarks.md. Usage: {@code make bench} or
 * {@code java -jar integration-tests/benchmarks/target/crowsnest-benchmarks-*.jar [repo] [--seconds=N]}.
 */
public final class GovernanceBenchmark {

    /** The per-person caps of the benchmark policy; a check at the end proves none was exceeded. */
    static final int OVERALL_PER_WEEK = 40;
    static final int PUSH_PER_WEEK = 25;
    static final int PEOPLE = 2_000;
    /** The people the warm-up contacts (its own, many, so that its rounds are mostly grants). */
    static final int WARM_UP_PEOPLE = 10_000;
    static final String WARM_UP_ROUND = "a round: reserve+commit for 10 s with 16 clients, people of its own";

    private GovernanceBenchmark() {
    }

    static void run(Benchmarks.Options run) throws Exception {
        Path home = run.home();
        int seconds = run.seconds();
        List<Integer> concurrencies = run.concurrencies();
        PrintStream out = System.out;
        Duration phase = Duration.ofSeconds(seconds);
        StackPorts ports = new StackPorts(FreePort.pick(), FreePort.pick(), FreePort.pick(), FreePort.pick());
        LocalStack.Options options = LocalStack.Options.defaults(home).withPorts(ports)
                .withStateDir(home.resolve("integration-tests/benchmarks/target/stack"), false)
                .withOnly(Set.of("contact-governance"))
                .withJvmOptions(List.of("-Xms256m", "-Xmx512m", "-XX:+UseParallelGC"));
        out.println("starting contact-governance, its Redis and the MongoDB wire-protocol server...");
        try (LocalStack stack = LocalStack.start(options, out)) {
            ManagedChannel channel = SignedChannels.builder("127.0.0.1", stack.grpcPort("contact-governance")).build();
            ContactGovernanceServiceBlockingStub stub = ContactGovernanceServiceGrpc.newBlockingStub(channel);
            activate(stub);
            Map<String, AtomicInteger> committed = new ConcurrentHashMap<>();
            LoadRun.Operation reserveCommit = thread -> reserveAndCommit(stub, committed, "bench-", PEOPLE);
            LoadRun.Operation warmUp = thread -> reserveAndCommit(stub, committed, "warm-", WARM_UP_PEOPLE);

            // The service's JIT needs thousands of calls per path before its figures mean steady state,
            // and more on a slow hour: rounds until the compilers spend under 10 % of one. The warm-up
            // contacts people of its own, so that the measured phases find the same people as before.
            CpuMeter meter = new CpuMeter(stack);
            WarmUp.Result warmth = WarmUp.untilWarm(meter, WARM_UP_ROUND,
                    () -> LoadRun.closedLoop("warm-up", 16, Duration.ofSeconds(10), warmUp, out), out);
            StoreCalls calls = countStoreCalls(stub, new RoundTrips(stack.httpPort("contact-governance")), committed,
                    out);
            List<Figures> service = new ArrayList<>();
            List<CpuMeter.Use> cpu = new ArrayList<>();
            for (int c : concurrencies) {
                out.printf("reserve+commit through gRPC, %d clients, %d s%n", c, seconds);
                CpuMeter.Reading before = meter.read();
                service.add(LoadRun.closedLoop("reserve+commit", c, phase, reserveCommit, out));
                cpu.add(meter.since(before, service.get(service.size() - 1)));
            }
            Figures best = service.stream().max((a, b) -> Double.compare(a.throughput(), b.throughput())).get();
            CpuMeter.Use bestCpu = cpu.get(service.indexOf(best));

            out.printf("raw Redis: the reserve script in a tight EVALSHA loop, %d clients, %d s%n",
                    best.concurrency(), seconds);
            RedisCeiling ceiling = new RedisCeiling(stack.redisUri("contact-governance"),
                    home.resolve("services/contact-governance/src/main/resources/redis/reserve.lua"));
            Figures redis = ceiling.measure(Math.max(4, best.concurrency()), phase, out);

            Figures transport = TransportFloor.measure("gRPC call refused by validation (GetReservation)",
                    best.concurrency(), phase, () -> stub.withDeadlineAfter(10, TimeUnit.SECONDS).getReservation(
                            GetReservationRequest.newBuilder().setReservationId("floor").build()), out);

            double halfLoad = best.throughput() / 2;
            out.printf("reserve+commit at half the best throughput (%.0f ops/s), open loop, %d s%n", halfLoad,
                    seconds);
            CpuMeter.Reading beforeHalf = meter.read();
            Figures atHalf = LoadRun.openLoop("reserve+commit @ half load", best.concurrency(), phase, halfLoad,
                    reserveCommit, out);
            CpuMeter.Use halfCpu = meter.since(beforeHalf, atHalf);

            out.println("checking every person's ledger against the caps...");
            OverContact check = overContact(stub, committed);
            channel.shutdownNow();
            BenchmarkReport report = new BenchmarkReport(Instant.now(), warmth, service, redis, transport, atHalf,
                    calls, List.of(bestCpu, halfCpu), check.persons(), check.overContacted(), check.contacts());
            report.write(home, out);
        }
    }

    private static void activate(ContactGovernanceServiceBlockingStub stub) {
        RollingWindow week = RollingWindow.newBuilder().setLength(1).setUnit(WindowUnit.WINDOW_UNIT_WEEKS).build();
        Policy policy = Policy.newBuilder().setPolicyId("benchmark").setDisplayName("Benchmark")
                .setDefaultTimeZone("UTC")
                .addDivisions(Division.newBuilder().setDivisionId("cards").setDisplayName("Cards").setPriority(1))
                .addDivisions(Division.newBuilder().setDivisionId("travel").setDisplayName("Travel").setPriority(2))
                .addFrequencyCaps(FrequencyCap.newBuilder().setRuleId("overall").setScope(CapScope.CAP_SCOPE_GLOBAL)
                        .setMaxContacts(OVERALL_PER_WEEK).setWindow(week))
                .addFrequencyCaps(FrequencyCap.newBuilder().setRuleId("push").setScope(CapScope.CAP_SCOPE_CHANNEL)
                        .setChannel(Channel.CHANNEL_PUSH).setMaxContacts(PUSH_PER_WEEK).setWindow(week))
                .addFrequencyCaps(FrequencyCap.newBuilder().setRuleId("cards").setScope(CapScope.CAP_SCOPE_DIVISION)
                        .setDivision(DivisionRef.newBuilder().setId("cards")).setMaxContacts(30).setWindow(week))
                .build();
        long version = stub.upsertPolicy(UpsertPolicyRequest.newBuilder().setPolicy(policy).setActor("benchmark")
                .setIdempotencyKey(UUID.randomUUID().toString()).build()).getPolicyVersion().getVersion();
        stub.activatePolicyVersion(ActivatePolicyVersionRequest.newBuilder().setPolicyId("benchmark")
                .setVersion(version).setActor("benchmark").setIdempotencyKey(UUID.randomUUID().toString()).build());
    }

    private static void reserveAndCommit(ContactGovernanceServiceBlockingStub stub,
            Map<String, AtomicInteger> committed, String prefix, int people) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String person = prefix + random.nextInt(people);
        ContactRequest contact = ContactRequest.newBuilder().setPerson(PersonRef.newBuilder().setPersonId(person))
                .setChannel(random.nextBoolean() ? Channel.CHANNEL_PUSH : Channel.CHANNEL_EMAIL)
                .setDivision(DivisionRef.newBuilder().setId(random.nextBoolean() ? "cards" : "travel"))
                .setCategory(ContactCategory.CONTACT_CATEGORY_MARKETING).setRequestingSystem("benchmark").build();
        ContactGovernanceServiceBlockingStub call = stub.withDeadlineAfter(10, TimeUnit.SECONDS);
        ReserveContactResponse reserved = call.reserveContact(ReserveContactRequest.newBuilder().setContact(contact)
                .setIdempotencyKey(UUID.randomUUID().toString()).build());
        if (reserved.getGranted()) {
            call.commitReservation(CommitReservationRequest.newBuilder().setReservationId(reserved.getReservationId())
                    .setIdempotencyKey(UUID.randomUUID().toString()).build());
            committed.computeIfAbsent(person, p -> new AtomicInteger()).incrementAndGet();
        }
    }

    /**
     * MongoDB commands and Redis calls the service made per granted reserve and per commit, by
     * command and collection (Mongo) or script (Redis), from its own counters on /q/metrics: for a
     * further contact of a person whose counters are loaded (the hot path, {@code perReserve} and
     * {@code perCommit}) and for a person's first contact, whose reserve first loads the counters
     * from the ledger ({@code firstReserve}, {@code firstCommit}).
     */
    record StoreCalls(int operations, Map<String, Double> perReserve, Map<String, Double> perCommit,
            Map<String, Double> firstReserve, Map<String, Double> firstCommit) {

        double mongo() {
            return RoundTrips.Snapshot.total(perReserve, "mongo") + RoundTrips.Snapshot.total(perCommit, "mongo");
        }

        double redis() {
            return RoundTrips.Snapshot.total(perReserve, "redis") + RoundTrips.Snapshot.total(perCommit, "redis");
        }
    }

    /**
     * One client reserves for COUNTED fresh persons (every reserve granted), then commits each, and
     * does it again for the same persons: the service's counters around each step give the calls
     * per reserve and per commit, for a first contact and for a further one.
     */
    private static StoreCalls countStoreCalls(ContactGovernanceServiceBlockingStub stub, RoundTrips trips,
            Map<String, AtomicInteger> committed, PrintStream out) throws Exception {
        int counted = 500;
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Map<String, Double>> steps = new ArrayList<>();
        for (String round : List.of("first contact of a person", "further contact (counters loaded)")) {
            out.printf("counting MongoDB commands and Redis calls, %s: %d reserves, then their commits, one client%n",
                    round, counted);
            List<String> reservations = new ArrayList<>();
            RoundTrips.Snapshot start = trips.read();
            for (int i = 0; i < counted; i++) {
                ReserveContactResponse reserved = stub.withDeadlineAfter(10, TimeUnit.SECONDS).reserveContact(
                        ReserveContactRequest.newBuilder().setContact(ContactRequest.newBuilder()
                                .setPerson(PersonRef.newBuilder().setPersonId("count-" + run + "-" + i))
                                .setChannel(Channel.CHANNEL_PUSH).setDivision(DivisionRef.newBuilder().setId("cards"))
                                .setCategory(ContactCategory.CONTACT_CATEGORY_MARKETING)
                                .setRequestingSystem("benchmark"))
                                .setIdempotencyKey(UUID.randomUUID().toString()).build());
                if (!reserved.getGranted()) {
                    throw new IllegalStateException("a person's first or second contact was refused: " + reserved);
                }
                reservations.add(reserved.getReservationId());
            }
            RoundTrips.Snapshot reservedAll = trips.read();
            for (int i = 0; i < counted; i++) {
                stub.withDeadlineAfter(10, TimeUnit.SECONDS).commitReservation(CommitReservationRequest.newBuilder()
                        .setReservationId(reservations.get(i)).setIdempotencyKey(UUID.randomUUID().toString())
                        .build());
                committed.computeIfAbsent("count-" + run + "-" + i, p -> new AtomicInteger()).incrementAndGet();
            }
            RoundTrips.Snapshot end = trips.read();
            Map<String, Double> perReserve = reservedAll.perOperation(start, counted);
            Map<String, Double> perCommit = end.perOperation(reservedAll, counted);
            for (var step : List.of(Map.entry("reserve", perReserve), Map.entry("commit", perCommit))) {
                out.printf("  per %s: MongoDB %.2f (%s); Redis %.2f (%s)%n", step.getKey(),
                        RoundTrips.Snapshot.total(step.getValue(), "mongo"),
                        RoundTrips.Snapshot.describe(step.getValue(), "mongo"),
                        RoundTrips.Snapshot.total(step.getValue(), "redis"),
                        RoundTrips.Snapshot.describe(step.getValue(), "redis"));
            }
            steps.add(perReserve);
            steps.add(perCommit);
        }
        StoreCalls calls = new StoreCalls(counted, steps.get(2), steps.get(3), steps.get(0), steps.get(1));
        out.printf("  per reserve+commit (counters loaded): MongoDB %.2f round trips, Redis %.2f calls%n",
                calls.mongo(), calls.redis());
        return calls;
    }

    /** Result of the ledger check: persons checked, persons above a cap, contacts counted. */
    record OverContact(int persons, int overContacted, long contacts) {
    }

    private static OverContact overContact(ContactGovernanceServiceBlockingStub stub,
            Map<String, AtomicInteger> committed) {
        int over = 0;
        long contacts = 0;
        for (String person : committed.keySet()) {
            var entries = stub.listContactHistory(ListContactHistoryRequest.newBuilder()
                    .setPerson(PersonRef.newBuilder().setPersonId(person))
                    .setPage(io.crowsnest.common.v1.PageRequest.newBuilder().setPageSize(500)).build())
                    .getEntriesList();
            contacts += entries.size();
            long push = entries.stream().filter(e -> e.getChannel() == Channel.CHANNEL_PUSH).count();
            long cards = entries.stream().filter(e -> e.getDivision().getId().equals("cards")).count();
            if (entries.size() > OVERALL_PER_WEEK || push > PUSH_PER_WEEK || cards > 30
                    || entries.size() != committed.get(person).get()) {
                over++;
            }
        }
        return new OverContact(committed.size(), over, contacts);
    }

    static String read(Path file) throws IOException {
        return Files.readString(file);
    }
}
