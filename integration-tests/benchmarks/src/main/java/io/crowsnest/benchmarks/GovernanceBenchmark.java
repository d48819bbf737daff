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
            LoadRun.Operation reserveCommit = thread -> reserveAndCommit(stub, committed);

            // the service's JIT needs thousands of calls per path before its figures mean steady state
            out.println("warming up (20 s)...");
            LoadRun.closedLoop("warm-up", 4, Duration.ofSeconds(20), reserveCommit, out);
            List<Figures> service = new ArrayList<>();
            for (int c : concurrencies) {
                out.printf("reserve+commit through gRPC, %d clients, %d s%n", c, seconds);
                service.add(LoadRun.closedLoop("reserve+commit", c, phase, reserveCommit, out));
            }
            Figures best = service.stream().max((a, b) -> Double.compare(a.throughput(), b.throughput())).get();

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
            Figures atHalf = LoadRun.openLoop("reserve+commit @ half load", best.concurrency(), phase, halfLoad,
                    reserveCommit, out);

            out.println("checking every person's ledger against the caps...");
            OverContact check = overContact(stub, committed);
            channel.shutdownNow();
            BenchmarkReport report = new BenchmarkReport(Instant.now(), service, redis, transport, atHalf, check.persons(),
                    check.overContacted(), check.contacts());
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
            Map<String, AtomicInteger> committed) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String person = "bench-" + random.nextInt(PEOPLE);
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
