package io.crowsnest.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Value;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.contactgovernance.v1.CheckEligibilityBatchRequest;
import io.crowsnest.contactgovernance.v1.CheckEligibilityRequest;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc.ContactGovernanceServiceBlockingStub;
import io.crowsnest.contactgovernance.v1.ContactRequest;
import io.crowsnest.decisioning.v1.DecideRequest;
import io.crowsnest.decisioning.v1.DecisionContext;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc.DecisioningServiceBlockingStub;
import io.crowsnest.decisioning.v1.InteractionDirection;
import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.StackPorts;
import io.crowsnest.localstack.testing.FreePort;
import io.crowsnest.profile.v1.GetProfileRequest;
import io.crowsnest.profile.v1.ProfileServiceGrpc.ProfileServiceBlockingStub;
import io.crowsnest.scoring.v1.GetScoresRequest;
import io.crowsnest.scoring.v1.ScoringServiceGrpc.ScoringServiceBlockingStub;
import io.grpc.ManagedChannel;

/**
 * Decide through gRPC with real neighbours: starts identity, profile, scoring, contact-governance
 * and decisioning on the local stack, activates a contact policy and a scoring plan, prepares
 * customers with profiles and scores and a catalogue of 50 actions, then decides for the caller
 * of an inbound phone call at each concurrency; beside it, in the same run, the transport floor
 * (a Decide refused by validation) and one call to each dependency (GetProfile, GetScores,
 * CheckEligibility, and CheckEligibilityBatch as decisioning asks it) measured the same way, the gRPC calls one decision makes (counted on the
 * dependencies' /q/metrics), and Decide at half the best throughput (open loop). Figures go to
 * docs/benchmarks/decisioning.json and the decisioning section of docs/benchmarks.md.
 */
public final class DecisioningBenchmark {

    static final int CUSTOMERS = 300;
    static final String CURRENCY = "EUR";
    private static final List<String> CALL_REASONS = List.of("billing", "upgrade", "complaint", "address change");

    private DecisioningBenchmark() {
    }

    static void run(Benchmarks.Options run) throws Exception {
        PrintStream out = System.out;
        Duration phase = Duration.ofSeconds(run.seconds());
        StackPorts ports = new StackPorts(FreePort.pick(), FreePort.pick(), FreePort.pick(), FreePort.pick());
        LocalStack.Options options = LocalStack.Options.defaults(run.home()).withPorts(ports)
                .withStateDir(run.home().resolve("integration-tests/benchmarks/target/decisioning-stack"), false)
                .withOnly(Set.of("identity", "profile", "scoring", "contact-governance", "decisioning"))
                .withJvmOptions(List.of("-Xms256m", "-Xmx512m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=10"));
        out.println("starting identity, profile, scoring, contact-governance and decisioning...");
        try (LocalStack stack = LocalStack.start(options, out)) {
            List<ManagedChannel> channels = new ArrayList<>();
            DecisioningFixture.Seeded seeded = DecisioningFixture.seed(stack, CUSTOMERS, channels, out);
            ProfileServiceBlockingStub profile = seeded.profile();
            ScoringServiceBlockingStub scoring = seeded.scoring();
            ContactGovernanceServiceBlockingStub governance = seeded.governance();
            DecisioningServiceBlockingStub decisioning = seeded.decisioning();
            List<String> persons = seeded.persons();

            LoadRun.Operation decide = thread -> decisioning.withDeadlineAfter(10, TimeUnit.SECONDS)
                    .decide(decideRequest(persons, thread).build());
            CpuMeter meter = new CpuMeter(stack);
            WarmUp.Result warmth = WarmUp.untilWarm(meter, "a round: Decide for 20 s with 4 clients",
                    () -> StandInTrim.decisionLog(stack, out),
                    () -> LoadRun.closedLoop("warm-up", 4, Duration.ofSeconds(20), decide, out), out);

            GrpcCallCounter counter = new GrpcCallCounter()
                    .count("profile", stack.httpPort("profile")).count("scoring", stack.httpPort("scoring"))
                    .count("contact-governance", stack.httpPort("contact-governance"))
                    .count("identity", stack.httpPort("identity"));
            Map<String, Long> callsBefore = counter.read();
            List<Figures> decisions = new ArrayList<>();
            List<CpuMeter.Use> cpu = new ArrayList<>();
            for (int c : run.concurrencies()) {
                StandInTrim.decisionLog(stack, out);
                out.printf("Decide through gRPC, %d clients, %d s%n", c, run.seconds());
                CpuMeter.Reading before = meter.read();
                decisions.add(LoadRun.closedLoop("Decide", c, phase, decide, out));
                cpu.add(meter.since(before, decisions.get(decisions.size() - 1)));
            }
            Map<String, Double> calls = GrpcCallCounter.perOperation(callsBefore, counter.read(),
                    decisions.stream().mapToLong(Figures::operations).sum());
            out.println("gRPC calls per decision: " + calls);
            Figures best = decisions.stream().max((a, b) -> Double.compare(a.throughput(), b.throughput()))
                    .orElseThrow();

            Figures floor = TransportFloor.measure("gRPC call refused by validation (Decide)", best.concurrency(),
                    phase, () -> decisioning.withDeadlineAfter(10, TimeUnit.SECONDS)
                            .decide(decideRequest(persons, 0).clearIdempotencyKey().build()), out);
            List<Figures> dependencies = new ArrayList<>();
            // as decisioning asks: no masked identifiers, no recent events (no expression here reads them)
            dependencies.add(dependency("GetProfile (profile)", best.concurrency(), phase, out,
                    () -> profile.withDeadlineAfter(10, TimeUnit.SECONDS).getProfile(GetProfileRequest.newBuilder()
                            .setPerson(person(persons)).setOmitIdentifiers(true).setOmitRecentEvents(true).build())));
            dependencies.add(dependency("GetScores (scoring)", best.concurrency(), phase, out,
                    () -> scoring.withDeadlineAfter(10, TimeUnit.SECONDS).getScores(GetScoresRequest.newBuilder()
                            .setPerson(person(persons)).build())));
            dependencies.add(dependency("CheckEligibility (contact-governance)", best.concurrency(), phase, out,
                    () -> governance.withDeadlineAfter(10, TimeUnit.SECONDS).checkEligibility(
                            CheckEligibilityRequest.newBuilder().setContact(contact(person(persons),
                                    DecisioningFixture.DIVISIONS.get(0), ContactCategory.CONTACT_CATEGORY_MARKETING))
                                    .build())));
            // as decisioning asks: every division and category of the catalogue's contacts in one call
            dependencies.add(dependency("CheckEligibilityBatch of " + DecisioningFixture.DIVISIONS.size() * 2
                    + " contacts (contact-governance)", best.concurrency(), phase, out,
                    () -> governance.withDeadlineAfter(10, TimeUnit.SECONDS).checkEligibilityBatch(batch(persons))));

            StandInTrim.decisionLog(stack, out);
            double halfLoad = best.throughput() / 2;
            out.printf("Decide at half the best throughput (%.0f decisions/s), open loop, %d s%n", halfLoad,
                    run.seconds());
            Figures atHalf = LoadRun.openLoop("Decide @ half load", best.concurrency(), phase, halfLoad, decide, out);
            channels.forEach(ManagedChannel::shutdownNow);
            new DecisioningReport(decisions, floor, dependencies, atHalf, calls, warmth, cpu).write(run.home(), out);
        }
    }

    /** An inbound call on the phone by one of the customers, with the reason of the call. */
    private static DecideRequest.Builder decideRequest(List<String> persons, int thread) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return DecideRequest.newBuilder().setPerson(person(persons)).setChannel(Channel.CHANNEL_PHONE)
                .setContext(DecisionContext.newBuilder().setDirection(InteractionDirection.INTERACTION_DIRECTION_INBOUND)
                        .setAgentId("agent-" + thread).setPlacement("call-centre:bench")
                        .putProperties("call_reason", Value.newBuilder()
                                .setStringValue(CALL_REASONS.get(random.nextInt(CALL_REASONS.size()))).build()))
                .setMaxActions(3).setIdempotencyKey(UUID.randomUUID().toString());
    }

    private static PersonRef person(List<String> persons) {
        return PersonRef.newBuilder().setPersonId(persons.get(ThreadLocalRandom.current().nextInt(persons.size())))
                .build();
    }

    private static ContactRequest contact(PersonRef person, String division, ContactCategory category) {
        return ContactRequest.newBuilder().setPerson(person).setChannel(Channel.CHANNEL_PHONE)
                .setDivision(DivisionRef.newBuilder().setId(division)).setCategory(category)
                .setRequestingSystem("benchmark").build();
    }

    /** One person's contacts in every division, marketing and service: what a decision asks governance. */
    private static CheckEligibilityBatchRequest batch(List<String> persons) {
        PersonRef person = person(persons);
        CheckEligibilityBatchRequest.Builder batch = CheckEligibilityBatchRequest.newBuilder();
        for (String division : DecisioningFixture.DIVISIONS) {
            for (ContactCategory category : List.of(ContactCategory.CONTACT_CATEGORY_MARKETING,
                    ContactCategory.CONTACT_CATEGORY_SERVICE)) {
                batch.addContacts(contact(person, division, category));
            }
        }
        return batch.build();
    }

    /** One dependency call measured as Decide is: a short warm-up, then a closed loop at the same concurrency. */
    private static Figures dependency(String label, int clients, Duration phase, PrintStream out, Runnable call)
            throws Exception {
        LoadRun.Operation op = thread -> call.run();
        out.printf("one call to a dependency: %s, warming up (5 s)...%n", label);
        LoadRun.closedLoop("warm-up", clients, Duration.ofSeconds(5), op, out);
        out.printf("one call to a dependency: %s, %d clients, %d s%n", label, clients, phase.toSeconds());
        return LoadRun.closedLoop(label, clients, phase, op, out);
    }
}
