package io.crowsnest.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.StackPorts;
import io.crowsnest.localstack.testing.FreePort;
import io.crowsnest.localstack.testing.SignedChannels;
import io.crowsnest.scoring.v1.ActivateScoringPlanVersionRequest;
import io.crowsnest.scoring.v1.EventCondition;
import io.crowsnest.scoring.v1.ObserveEventRequest;
import io.crowsnest.scoring.v1.ObserveEventResult;
import io.crowsnest.scoring.v1.ObserveEventsRequest;
import io.crowsnest.scoring.v1.ScoreDefinition;
import io.crowsnest.scoring.v1.ScorePoints;
import io.crowsnest.scoring.v1.ScoringPlan;
import io.crowsnest.scoring.v1.ScoringRule;
import io.crowsnest.scoring.v1.ScoringServiceGrpc;
import io.crowsnest.scoring.v1.ScoringServiceGrpc.ScoringServiceBlockingStub;
import io.crowsnest.scoring.v1.Segment;
import io.crowsnest.scoring.v1.SegmentationSystem;
import io.crowsnest.scoring.v1.UpsertScoringPlanRequest;
import io.crowsnest.scoring.v1.UpsertSegmentRequest;
import io.crowsnest.scoring.v1.UpsertSegmentationSystemRequest;
import io.grpc.ManagedChannel;

/**
 * Scoring's ObserveEvent through gRPC: starts scoring alone on the local stack (its Redis, the
 * MongoDB wire-protocol server), activates a plan with two scores and four rules, defines 10
 * segments (expressions over the scores), measures at each concurrency, measures ObserveEvents
 * (batches of 100 events, counted in events) at 4 and 16 clients, then defines 90 more segments
 * and measures ObserveEvent again. Every observed event updates features and scores in one Redis
 * script and re-evaluates every segment for its person.
 */
public final class ScoringBenchmark {

    private static final int PERSONS = 5_000;
    private static final int BATCH = 100;
    private static final double TARGET = 10_000;
    private static final List<String> TYPES = List.of("page_view", "page_view", "page_view", "search", "cart_add",
            "purchase");

    private ScoringBenchmark() {
    }

    static void run(Benchmarks.Options run) throws Exception {
        PrintStream out = System.out;
        StackPorts ports = new StackPorts(FreePort.pick(), FreePort.pick(), FreePort.pick(), FreePort.pick());
        LocalStack.Options options = LocalStack.Options.defaults(run.home()).withPorts(ports)
                .withStateDir(run.home().resolve("integration-tests/benchmarks/target/scoring-stack"), false)
                .withOnly(Set.of("scoring"))
                .withJvmOptions(List.of("-Xms256m", "-Xmx512m", "-XX:+UseParallelGC"));
        out.println("starting scoring, its Redis and the MongoDB wire-protocol server...");
        try (LocalStack stack = LocalStack.start(options, out)) {
            ManagedChannel channel = SignedChannels.builder("127.0.0.1", stack.grpcPort("scoring")).build();
            ScoringServiceBlockingStub scoring = ScoringServiceGrpc.newBlockingStub(channel);
            activatePlan(scoring);
            scoring.upsertSegmentationSystem(UpsertSegmentationSystemRequest.newBuilder()
                    .setSystem(SegmentationSystem.newBuilder().setSystemId("behaviour").setDisplayName("Behaviour"))
                    .setActor("benchmark").setIdempotencyKey(UUID.randomUUID().toString()).build());
            LoadRun.Operation observe = thread -> observe(scoring);
            LoadRun.Operation observeBatch = thread -> observeBatch(scoring);
            List<Figures> runs = new ArrayList<>();
            List<Figures> table = new ArrayList<>();
            List<CpuMeter.Use> cpu = new ArrayList<>();
            CpuMeter meter = new CpuMeter(stack);
            defineSegments(scoring, 0, 10);
            out.println("warming up (20 s)...");
            LoadRun.closedLoop("warm-up", 4, Duration.ofSeconds(20), observe, out);
            for (int segments : List.of(10, 100)) {
                defineSegments(scoring, 10, segments); // nothing more for 10; 90 more for 100
                for (int c : run.concurrencies()) {
                    out.printf("ObserveEvent through gRPC, %d segments, %d clients, %d s%n", segments, c,
                            run.seconds());
                    CpuMeter.Reading before = meter.read();
                    runs.add(LoadRun.closedLoop("ObserveEvent, " + segments + " segments", c,
                            Duration.ofSeconds(run.seconds()), observe, out));
                    table.add(runs.get(runs.size() - 1));
                    cpu.add(meter.since(before, runs.get(runs.size() - 1)));
                }
                if (segments == 10) {
                    out.println("warming up ObserveEvents (5 s)...");
                    LoadRun.closedLoop("warm-up", 4, Duration.ofSeconds(5), BATCH, observeBatch, out);
                    for (int c : List.of(4, 16)) {
                        out.printf("ObserveEvents through gRPC, batches of %d, 10 segments, %d clients, %d s%n",
                                BATCH, c, run.seconds());
                        CpuMeter.Reading before = meter.read();
                        table.add(LoadRun.closedLoop("ObserveEvents, batches of " + BATCH + ", 10 segments", c,
                                Duration.ofSeconds(run.seconds()), BATCH, observeBatch, out));
                        cpu.add(meter.since(before, table.get(table.size() - 1)));
                    }
                }
            }
            Figures best = runs.stream().max((a, b) -> Double.compare(a.throughput(), b.throughput())).orElseThrow();
            Figures transport = TransportFloor.measure("gRPC call refused by validation (ObserveEvent)",
                    best.concurrency(), Duration.ofSeconds(run.seconds()), () -> scoring
                            .withDeadlineAfter(10, TimeUnit.SECONDS).observeEvent(ObserveEventRequest.getDefaultInstance()),
                    out);
            channel.shutdownNow();
            report(run.home(), out, table, cpu, transport);
        }
    }

    /** The plan: engagement from page views and searches, purchase intent from carts and purchases. */
    static void activatePlan(ScoringServiceBlockingStub scoring) {
        ScoringPlan plan = ScoringPlan.newBuilder().setPlanId("benchmark").setDisplayName("Benchmark")
                .addScores(ScoreDefinition.newBuilder().setName("engagement").setHalfLifeSeconds(7 * 86_400)
                        .setMinValue(0).setMaxValue(1000))
                .addScores(ScoreDefinition.newBuilder().setName("purchase_intent").setHalfLifeSeconds(3 * 86_400)
                        .setMinValue(0).setMaxValue(100))
                .addRules(rule("view", "page_view", "engagement", 1))
                .addRules(rule("search", "search", "engagement", 2))
                .addRules(rule("cart", "cart_add", "purchase_intent", 5))
                .addRules(rule("purchase", "purchase", "purchase_intent", 10))
                .build();
        long version = scoring.upsertScoringPlan(UpsertScoringPlanRequest.newBuilder().setPlan(plan).setActor("benchmark")
                .setIdempotencyKey(UUID.randomUUID().toString()).build()).getPlanVersion().getVersion();
        scoring.activateScoringPlanVersion(ActivateScoringPlanVersionRequest.newBuilder().setPlanId("benchmark")
                .setVersion(version).setActor("benchmark").setIdempotencyKey(UUID.randomUUID().toString()).build());
    }

    private static ScoringRule rule(String id, String type, String score, double points) {
        return ScoringRule.newBuilder().setRuleId(id).setDescription(type + " → " + score)
                .setCondition(EventCondition.newBuilder().addEventTypes(type))
                .addPoints(ScorePoints.newBuilder().setScoreName(score).setPoints(points)).build();
    }

    /** Segments from..to-1: engagement above a threshold, or purchase intent above one, alternately. */
    private static void defineSegments(ScoringServiceBlockingStub scoring, int from, int to) {
        for (int i = from; i < to; i++) {
            String expression = i % 2 == 0 ? "scores.engagement > " + (i * 2) + ".0"
                    : "scores.purchase_intent > " + i + ".0 && scores.engagement > 1.0";
            scoring.upsertSegment(UpsertSegmentRequest.newBuilder().setSegment(Segment.newBuilder()
                    .setSegmentId("bench-" + i).setSystemId("behaviour").setDisplayName("Benchmark " + i)
                    .setPriority(i + 1).setExpression(expression)).setActor("benchmark")
                    .setIdempotencyKey(UUID.randomUUID().toString()).build());
        }
    }

    private static void observe(ScoringServiceBlockingStub scoring) {
        scoring.withDeadlineAfter(10, TimeUnit.SECONDS).observeEvent(randomEvent());
    }

    /** One batch of events from random persons; an event refused inside the batch fails the operation. */
    private static void observeBatch(ScoringServiceBlockingStub scoring) {
        ObserveEventsRequest.Builder batch = ObserveEventsRequest.newBuilder();
        for (int i = 0; i < BATCH; i++) {
            batch.addEvents(randomEvent());
        }
        for (ObserveEventResult result : scoring.withDeadlineAfter(30, TimeUnit.SECONDS)
                .observeEvents(batch.build()).getResultsList()) {
            if (result.hasError()) {
                throw new IllegalStateException("event refused in a batch: " + result.getError());
            }
        }
    }

    private static ObserveEventRequest randomEvent() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Instant now = Instant.now();
        return ObserveEventRequest.newBuilder()
                .setEventId("bench:" + UUID.randomUUID()).setPersonId("bench-" + random.nextInt(PERSONS))
                .setEventType(TYPES.get(random.nextInt(TYPES.size()))).setChannel(Channel.CHANNEL_WEB)
                .setOccurredAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(now.getEpochSecond())
                        .setNanos(now.getNano()))
                .setSource("web-analytics").build();
    }

    private static void report(Path home, PrintStream out, List<Figures> runs, List<CpuMeter.Use> cpu,
            Figures transport) throws IOException {
        List<Figures> all = new ArrayList<>(runs);
        all.add(transport);
        RunTable.print(out, all);
        String md = RunTable.markdown("make bench BENCH=scoring", "events/s", all) + String.format(Locale.ROOT,
                "%nTarget: keep up with 10,000 events/s of ingestion. The gRPC stack alone answers %.0f calls/s "
                        + "here (a call refused by validation, no store touched): the ceiling of one ObserveEvent "
                        + "call per event on these cores; ObserveEvents carries %d events per call.%n",
                transport.throughput(), BATCH);
        CpuMeter.Use batched = cpu.stream().filter(u -> u.phase().items() == BATCH)
                .max(Comparator.comparingDouble(u -> u.phase().throughput())).orElseThrow();
        String cost = batched.markdown("event") + "\n" + batched.budget(TARGET, "event") + "\n";
        md += String.format(Locale.ROOT, "%nWhat an event cost in the fastest batch phase, by process:%n%n%s", cost);
        out.println(cost);
        DocSection.write(home, "scoring-observe", md, RunTable.json(all) + String.format(Locale.ROOT,
                ",%n  \"cpu\": [%n    %s%n  ]%n}%n",
                String.join(",\n    ", cpu.stream().map(CpuMeter.Use::json).toList())));
        out.println("figures written to docs/benchmarks/scoring-observe.json and docs/benchmarks.md");
    }
}
