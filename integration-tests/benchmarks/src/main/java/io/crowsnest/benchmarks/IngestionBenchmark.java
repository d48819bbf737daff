package io.crowsnest.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Value;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.PageRequest;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.StackPorts;
import io.crowsnest.localstack.testing.FreePort;
import io.crowsnest.localstack.testing.SignedChannels;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.ListEventsRequest;
import io.crowsnest.profile.v1.ListEventsResponse;
import io.crowsnest.profile.v1.ProfileServiceGrpc;
import io.crowsnest.profile.v1.ProfileServiceGrpc.ProfileServiceBlockingStub;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.crowsnest.profile.v1.RecordEventResponse;
import io.crowsnest.profile.v1.RecordEventResult;
import io.crowsnest.profile.v1.RecordEventsRequest;
import io.crowsnest.profile.v1.RecordEventsResponse;
import io.grpc.ManagedChannel;

/**
 * Event ingestion through gRPC, the whole path: profile's RecordEvent resolves the identifiers
 * through identity, stores the event and its outbox entry for scoring. Starts identity, profile
 * and scoring on the local stack, sends page views from 5,000 visitors (a cookie each, a fifth of
 * the events with the visitor's email too) at several concurrencies, one RecordEvent call per event
 * and then RecordEvents batches of 100, then reads every acknowledged event back through ListEvents
 * of the person its answer (or its batch result) named and counts any that is missing.
 */
public final class IngestionBenchmark {

    private static final int VISITORS = 5_000;
    private static final int BATCH = 100;
    private static final double TARGET = 10_000;
    private static final List<Integer> BATCH_CLIENTS = List.of(4, 16);

    private IngestionBenchmark() {
    }

    static void run(Benchmarks.Options run) throws Exception {
        Path home = run.home();
        int seconds = run.seconds();
        List<Integer> concurrencies = run.concurrencies();
        PrintStream out = System.out;
        StackPorts ports = new StackPorts(FreePort.pick(), FreePort.pick(), FreePort.pick(), FreePort.pick());
        LocalStack.Options options = LocalStack.Options.defaults(home).withPorts(ports)
                .withStateDir(home.resolve("integration-tests/benchmarks/target/ingestion-stack"), false)
                .withOnly(Set.of("identity", "profile", "scoring"))
                .withJvmOptions(List.of("-Xms256m", "-Xmx512m", "-XX:+UseParallelGC"));
        out.println("starting identity, profile and scoring, their stores and the MongoDB wire-protocol server...");
        try (LocalStack stack = LocalStack.start(options, out)) {
            ManagedChannel channel = SignedChannels.builder("127.0.0.1", stack.grpcPort("profile")).build();
            ProfileServiceBlockingStub profile = ProfileServiceGrpc.newBlockingStub(channel);
            // each acknowledged event id under the person its answer named: read back by that id, since
            // a shared cookie may name a different person later (cookies are shareable identifiers)
            Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
            LoadRun.Operation record = thread -> record(profile, acknowledged);

            // measured first: later, profile's forwarders still drain the outbox to scoring after a load
            Figures transport = TransportFloor.measure("gRPC call refused by validation (RecordEvent)",
                    concurrencies.get(concurrencies.size() - 1), Duration.ofSeconds(seconds), () -> profile
                            .withDeadlineAfter(10, TimeUnit.SECONDS).recordEvent(RecordEventRequest.getDefaultInstance()),
                    out);
            LoadRun.Operation recordBatch = thread -> recordBatch(profile, acknowledged);
            List<Figures> runs = new ArrayList<>();
            List<CpuMeter.Use> cpu = new ArrayList<>();
            CpuMeter meter = new CpuMeter(stack);
            // each phase waits for the outbox to drain: its CPU then covers delivery to scoring too
            OutboxBacklog backlog = new OutboxBacklog(stack.httpPort("profile"));
            List<OutboxBacklog.Drain> drains = new ArrayList<>();
            WarmUp.Result warmth = WarmUp.untilWarm(meter, "a round: RecordEvent 10 s and RecordEvents batches of "
                    + BATCH + " 10 s, 4 clients, then the outbox drained", () -> {
                        LoadRun.closedLoop("warm-up", 4, Duration.ofSeconds(10), record, out);
                        LoadRun.closedLoop("warm-up", 4, Duration.ofSeconds(10), BATCH, recordBatch, out);
                        backlog.await(out);
                    }, out);
            for (int c : concurrencies) {
                out.printf("RecordEvent through gRPC, %d clients, %d s%n", c, seconds);
                CpuMeter.Reading before = meter.read();
                runs.add(LoadRun.closedLoop("RecordEvent", c, Duration.ofSeconds(seconds), record, out));
                drains.add(backlog.await(out));
                cpu.add(meter.since(before, runs.get(runs.size() - 1)));
            }
            for (int c : BATCH_CLIENTS) {
                out.printf("RecordEvents through gRPC, batches of %d, %d clients, %d s%n", BATCH, c, seconds);
                CpuMeter.Reading before = meter.read();
                runs.add(LoadRun.closedLoop("RecordEvents, batches of " + BATCH, c, Duration.ofSeconds(seconds), BATCH,
                        recordBatch, out));
                drains.add(backlog.await(out));
                cpu.add(meter.since(before, runs.get(runs.size() - 1)));
            }
            out.printf("reading the events of %d persons back...%n", acknowledged.size());
            long sent = acknowledged.values().stream().mapToLong(Set::size).sum();
            long missing = 0;
            int done = 0;
            for (Map.Entry<String, Set<String>> person : acknowledged.entrySet()) {
                Set<String> stored = stored(profile, person.getKey());
                missing += person.getValue().stream().filter(id -> !stored.contains(id)).count();
                if (++done % 1000 == 0) {
                    out.printf("  %d of %d persons read%n", done, acknowledged.size());
                }
            }
            channel.shutdownNow();
            report(home, out, runs, drains, warmth, cpu, transport, sent, missing);
        }
    }

    private static void record(ProfileServiceBlockingStub profile, Map<String, Set<String>> acknowledged) {
        RecordEventRequest event = pageView();
        RecordEventResponse answer = profile.withDeadlineAfter(10, TimeUnit.SECONDS).recordEvent(event);
        acknowledged.computeIfAbsent(answer.getPersonId(), p -> ConcurrentHashMap.newKeySet()).add(event.getEventId());
    }

    /** One RecordEvents call of page views from random visitors; each event recorded is acknowledged on its own. */
    private static void recordBatch(ProfileServiceBlockingStub profile, Map<String, Set<String>> acknowledged) {
        RecordEventsRequest.Builder batch = RecordEventsRequest.newBuilder();
        for (int i = 0; i < BATCH; i++) {
            batch.addEvents(pageView());
        }
        RecordEventsResponse answer = profile.withDeadlineAfter(30, TimeUnit.SECONDS).recordEvents(batch.build());
        int refused = 0;
        for (int i = 0; i < answer.getResultsCount(); i++) {
            RecordEventResult result = answer.getResults(i);
            if (result.hasRecorded()) {
                acknowledged.computeIfAbsent(result.getRecorded().getPersonId(), p -> ConcurrentHashMap.newKeySet())
                        .add(batch.getEvents(i).getEventId());
            } else {
                refused++;
            }
        }
        if (refused > 0) {
            throw new IllegalStateException(refused + " events of a batch were refused");
        }
    }

    /** A page view of a random visitor: a cookie, and for a fifth of the events the visitor's email too. */
    private static RecordEventRequest pageView() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int visitor = random.nextInt(VISITORS);
        RecordEventRequest.Builder event = RecordEventRequest.newBuilder().setEventId("bench:" + UUID.randomUUID())
                .addIdentifiers(cookie(visitor)).setType(EventType.EVENT_TYPE_PAGE_VIEW)
                .setChannel(Channel.CHANNEL_WEB).setOccurredAt(now()).setSource("web-analytics")
                .setSessionId("s-" + visitor).putProperties("url",
                        Value.newBuilder().setStringValue("https://shop.example/p/" + random.nextInt(200)).build());
        if (random.nextInt(5) == 0) {
            event.addIdentifiers(Identifier.newBuilder().setType("email").setValue("visitor" + visitor + "@bench.example"));
        }
        return event.build();
    }

    private static Identifier cookie(int visitor) {
        return Identifier.newBuilder().setType("cookie").setValue("bench-ck-" + visitor).build();
    }

    /** Ids of the events stored for the person (its survivor's, when it was merged away). */
    private static Set<String> stored(ProfileServiceBlockingStub profile, String personId) {
        Set<String> ids = new HashSet<>();
        String token = "";
        do {
            ListEventsResponse page = profile.withDeadlineAfter(30, TimeUnit.SECONDS).listEvents(ListEventsRequest
                    .newBuilder().setPerson(PersonRef.newBuilder().setPersonId(personId))
                    .setPage(PageRequest.newBuilder().setPageSize(500).setPageToken(token)).build());
            page.getEventsList().forEach(e -> ids.add(e.getEventId()));
            token = page.getPage().getNextPageToken();
        } while (!token.isEmpty());
        return ids;
    }

    private static void report(Path home, PrintStream out, List<Figures> runs, List<OutboxBacklog.Drain> drains,
            WarmUp.Result warmth, List<CpuMeter.Use> cpu, Figures transport, long sent, long missing)
            throws IOException {
        double bestSingle = best(runs, 1);
        double bestBatched = best(runs, BATCH);
        List<Figures> all = new ArrayList<>(runs);
        all.add(transport);
        RunTable.print(out, all);
        String md = RunTable.markdown("make bench BENCH=ingestion", "events/s", all) + String.format(Locale.ROOT,
                "%nBest: %.0f events/s one RecordEvent per event, %.0f events/s in RecordEvents batches of %d "
                        + "(target: 10,000 events/s). Acknowledged events (warm-up included): %d; "
                        + "missing when read back: %d.%n%nThe gRPC stack alone answers %.0f calls/s here (a call "
                        + "refused by validation, no store touched). An event is three hops on these cores (the "
                        + "collector's RecordEvent, profile's ResolvePerson to identity, profile's delivery to "
                        + "scoring), so one call per event per hop cannot exceed about %.0f events/s here. "
                        + "RecordEvents and the outbox's ObserveEvents carry up to %d events per call (the outbox "
                        + "batches whatever is due, however the events came), and profile resolves a RecordEvents "
                        + "batch with one ResolvePersons call to identity.%n",
                bestSingle, bestBatched, BATCH, sent, missing, transport.throughput(), transport.throughput() / 3,
                BATCH);
        StringBuilder delivered = new StringBuilder(OutboxBacklog.Drain.header());
        double bestEndToEnd = 0;
        for (int i = 0; i < runs.size(); i++) {
            delivered.append(drains.get(i).row(runs.get(i)));
            bestEndToEnd = Math.max(bestEndToEnd, drains.get(i).endToEnd(runs.get(i)));
        }
        CpuMeter.Use batched = cpu.stream().filter(u -> u.phase().items() == BATCH)
                .max(Comparator.comparingDouble(u -> u.phase().throughput())).orElseThrow();
        String cost = batched.markdown("event") + "\n" + batched.budget(TARGET, "event") + "\n";
        md += String.format(Locale.ROOT, "%nEvery phase ends when profile's outbox has delivered everything it "
                + "accepted to scoring (`crowsnest_profile_outbox_pending` back at 0); the whole path sustained at "
                + "best %.0f events/s:%n%n%s%n%s%n%nWhat an event cost in the fastest batch phase, its drain "
                + "included, by process:%n%n%s", bestEndToEnd, delivered,
                warmth.sentence("RecordEvent and RecordEvents 10 s each, then the outbox drained"), cost);
        out.print(delivered);
        out.println(cost);
        String json = RunTable.json(all) + String.format(Locale.ROOT,
                ",%n  \"warm_up\": %s,%n  \"cpu\": [%n    %s%n  ],%n  \"acknowledged\": %d,%n  \"missing\": %d%n}%n",
                warmth.json(), String.join(",\n    ", cpu.stream().map(CpuMeter.Use::json).toList()), sent, missing);
        DocSection.write(home, "profile-ingestion", md, json);
        out.printf("acknowledged %d events, %d missing when read back%n", sent, missing);
        out.println("figures written to docs/benchmarks/profile-ingestion.json and docs/benchmarks.md");
    }

    /** The highest throughput of the phases whose operations carry this many events. */
    private static double best(List<Figures> runs, int items) {
        return runs.stream().filter(f -> f.items() == items).mapToDouble(Figures::throughput).max().orElse(0);
    }

    private static com.google.protobuf.Timestamp now() {
        Instant now = Instant.now();
        return com.google.protobuf.Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano())
                .build();
    }
}
