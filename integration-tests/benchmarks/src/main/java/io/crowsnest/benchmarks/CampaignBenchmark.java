package io.crowsnest.benchmarks;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.HdrHistogram.Histogram;

import com.google.protobuf.Timestamp;

import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc;
import io.crowsnest.alertnotification.v1.TeamMember;
import io.crowsnest.alertnotification.v1.TeamRole;
import io.crowsnest.alertnotification.v1.UpsertTeamRequest;
import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.Money;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.RollingWindow;
import io.crowsnest.common.v1.WindowUnit;
import io.crowsnest.contactgovernance.v1.ActivatePolicyVersionRequest;
import io.crowsnest.contactgovernance.v1.BatchReservationItem;
import io.crowsnest.contactgovernance.v1.CapScope;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc.ContactGovernanceServiceBlockingStub;
import io.crowsnest.contactgovernance.v1.ContactRequest;
import io.crowsnest.contactgovernance.v1.Division;
import io.crowsnest.contactgovernance.v1.FrequencyCap;
import io.crowsnest.contactgovernance.v1.ListContactHistoryRequest;
import io.crowsnest.contactgovernance.v1.Policy;
import io.crowsnest.contactgovernance.v1.ReserveContactBatchRequest;
import io.crowsnest.contactgovernance.v1.UpsertPolicyRequest;
import io.crowsnest.decisioning.v1.ActionKind;
import io.crowsnest.decisioning.v1.ActionSpec;
import io.crowsnest.decisioning.v1.Campaign;
import io.crowsnest.decisioning.v1.CampaignAudience;
import io.crowsnest.decisioning.v1.CampaignControlGroup;
import io.crowsnest.decisioning.v1.CampaignMode;
import io.crowsnest.decisioning.v1.CampaignSchedule;
import io.crowsnest.decisioning.v1.CampaignSpec;

import io.crowsnest.decisioning.v1.CreateActionRequest;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc.DecisioningServiceBlockingStub;

import io.crowsnest.decisioning.v1.LaunchCampaignRequest;
import io.crowsnest.decisioning.v1.MessageTemplate;
import io.crowsnest.decisioning.v1.SendWindow;
import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.StackPorts;
import io.crowsnest.localstack.testing.FreePort;
import io.crowsnest.localstack.testing.SignedChannels;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.ProfileServiceGrpc;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.crowsnest.profile.v1.RecordEventResult;
import io.crowsnest.profile.v1.RecordEventsRequest;
import io.crowsnest.scoring.v1.ActivateScoringPlanVersionRequest;
import io.crowsnest.scoring.v1.EventCondition;
import io.crowsnest.scoring.v1.GetSegmentRequest;
import io.crowsnest.scoring.v1.ObserveEventRequest;
import io.crowsnest.scoring.v1.ObserveEventsRequest;
import io.crowsnest.scoring.v1.ScoreDefinition;
import io.crowsnest.scoring.v1.ScorePoints;
import io.crowsnest.scoring.v1.ScoringPlan;
import io.crowsnest.scoring.v1.ScoringRule;
import io.crowsnest.scoring.v1.ScoringServiceGrpc;
import io.crowsnest.scoring.v1.Segment;
import io.crowsnest.scoring.v1.SegmentationSystem;
import io.crowsnest.scoring.v1.UpsertScoringPlanRequest;
import io.crowsnest.scoring.v1.UpsertSegmentRequest;
import io.crowsnest.scoring.v1.UpsertSegmentationSystemRequest;
import io.grpc.ManagedChannel;

/**
 * Campaigns through the real services (identity, profile, scoring, decisioning, contact-governance,
 * alert-notification as processes): generated persons (default 100,000, {@code --persons=N}) in one
 * scoring segment, two divisions' email campaigns at that audience starting at the same instant
 * under a weekly cap of one contact, run by decisioning's campaign runner (decide, batch reserve,
 * delivery to the local sink), with the decisioning process killed (kill -9) a third of the way
 * through and a new one started; wall time and audience members per second, then every person's
 * ledger read back: anyone over the cap, and the contacts in all against those the campaigns sent. Beside it, the same run's governance floor:
 * ReserveContactBatch of 200 items in a closed loop. Figures go to docs/benchmarks/campaigns.json
 * and the campaigns section of docs/benchmarks.md.
 */
public final class CampaignBenchmark {

    static final String TEAM = "bench-briefing";

    private CampaignBenchmark() {
    }

    static void run(Benchmarks.Options run, int persons) throws Exception {
        Path home = run.home();
        PrintStream out = System.out;
        StackPorts ports = new StackPorts(FreePort.pick(), FreePort.pick(), FreePort.pick(), FreePort.pick());
        LocalStack.Options options = LocalStack.Options.defaults(home).withPorts(ports)
                .withStateDir(home.resolve("integration-tests/benchmarks/target/stack"), false)
                .withOnly(Set.of("identity", "profile", "scoring", "decisioning", "contact-governance",
                        "alert-notification"))
                .withExtraEnv(Map.of("CROWSNEST_ALERTS_DELIVERY_SINK_DIRECTORY",
                        home.resolve("integration-tests/benchmarks/target/messages").toString(),
                        "CROWSNEST_ALERTS_LEADS_FOLLOW_TRANSITIONS", "false",
                        "CROWSNEST_DECISIONING_CAMPAIGNS_UNIVERSAL_CONTROL_PERCENT", "5",
                        "CROWSNEST_DECISIONING_CAMPAIGNS_LEASE_TTL", "5S"))
                .withJvmOptions(List.of("-Xms256m", "-Xmx768m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=10"));
        out.println("starting identity, profile, scoring, decisioning, contact-governance, alert-notification...");
        try (LocalStack stack = LocalStack.start(options, out)) {
            ContactGovernanceServiceBlockingStub governance = ContactGovernanceServiceGrpc.newBlockingStub(
                    plain(stack.grpcPort("contact-governance")));
            DecisioningServiceBlockingStub decisioning = DecisioningServiceGrpc.newBlockingStub(
                    plain(stack.grpcPort("decisioning")));
            activate(governance);
            AlertNotificationServiceGrpc.newBlockingStub(plain(stack.grpcPort("alert-notification"))).upsertTeam(
                    UpsertTeamRequest.newBuilder().setTeamId(TEAM).setDisplayName("Briefed desk").addMembers(
                            TeamMember.newBuilder().setAgentId("agent-1").setRole(TeamRole.TEAM_ROLE_AGENT)).build());
            var scoring = ScoringServiceGrpc.newBlockingStub(plain(stack.grpcPort("scoring")));
            String type = "campaign_interest";
            segment(scoring, type);
            out.printf("creating %d persons (profile, identity) and putting them in the segment...%n", persons);
            long setup = System.nanoTime();
            List<String> audience = persons(plain(stack.grpcPort("profile")), scoring, "bench-" , persons, type, out);
            List<String> floorPersons = persons(plain(stack.grpcPort("profile")), scoring, "floor-", 2_000, "other",
                    out);
            out.printf("  %d persons ready in %.0f s%n", audience.size(), (System.nanoTime() - setup) / 1e9);
            awaitSegment(scoring, audience.size(), out);

            List<Figures> all = new ArrayList<>();
            out.println("governance floor: ReserveContactBatch of 200 items, 4 clients, 10 s");
            AtomicInteger next = new AtomicInteger();
            Figures floor = LoadRun.closedLoop("ReserveContactBatch (200 items)", 4,
                    Duration.ofSeconds(Math.max(5, run.seconds())), 200, thread -> governance
                            .withDeadlineAfter(30, TimeUnit.SECONDS).reserveContactBatch(batch(floorPersons, next)),
                    out);
            all.add(floor);

            createAction(decisioning, "retail");
            createAction(decisioning, "cards");
            Instant start = Instant.now().plusSeconds(5);
            String cards = launch(decisioning, "cards", start);
            String retail = launch(decisioning, "retail", start);
            out.printf("campaigns %s (cards) and %s (retail) start at %s%n", cards, retail, start);
            String restart = CampaignWatch.restartMidRun(stack, decisioning, List.of(cards, retail),
                    2L * audience.size(), out);
            // the CPU of every process (the new decisioning among them) from the restart to the end, per member decided
            CpuMeter meter = new CpuMeter(stack);
            CpuMeter.Reading afterRestart = meter.read();
            long decidedBefore = CampaignWatch.decided(decisioning, List.of(cards, retail));
            Campaign a = CampaignWatch.await(decisioning, cards, out);
            Campaign b = CampaignWatch.await(decisioning, retail, out);
            Instant end = Instant.now();
            long decidedAfter = CampaignWatch.decided(decisioning, List.of(cards, retail)) - decidedBefore;
            CpuMeter.Use cpu = meter.since(afterRestart, new Figures("campaign run after the restart", 1, decidedAfter,
                    (System.nanoTime() - afterRestart.at()) / 1e9, new Histogram(3)));
            double wall = Duration.between(start, end).toMillis() / 1000.0;
            long members = a.getProgress().getAudienceSize() + b.getProgress().getAudienceSize();
            long sent = a.getProgress().getSentCount() + b.getProgress().getSentCount();
            long decided = members - a.getProgress().getControlCount() - a.getProgress().getUniversalControlCount()
                    - b.getProgress().getControlCount() - b.getProgress().getUniversalControlCount();
            out.printf("both done in %.1f s: %d audience members (%.0f/s), %d decided, %d sent%n", wall, members,
                    members / wall, decided, sent);

            out.println("reading every person's ledger...");
            long[] ledger = ledger(governance, audience);
            long over = ledger[0];
            out.printf("  persons over the weekly cap of 1: %d; ledger entries %d, sent by the campaigns %d%n", over,
                    ledger[1], sent);

            String md = String.format(Locale.ROOT, "Run of %s on this machine (%d cores), `make bench BENCH=campaigns"
                    + " BENCH_ARGS=--persons=%d`.%n%n| measure | value |%n|---|---:|%n"
                    + "| persons in the segment | %d |%n| campaigns (cards priority 2, retail priority 1), same audience,"
                    + " same start | 2 |%n| audience members of both | %d |%n| decided (targets) | %d |%n"
                    + "| sent (local sink) | %d |%n| wall time, start to both completed | %.1f s |%n"
                    + "| audience members per second | %.0f |%n| decided per second | %.0f |%n"
                    + "| persons over the weekly cap (ledger) | %d |%n| contacts in the ledger / sent by the campaigns | %d /"
                    + " %d |%n| decisioning killed mid-run | %s |%n| ReserveContactBatch floor (200 items, 4 clients)"
                    + " | %.0f items/s, p99 %.1f ms |%n", Instant.now(), Runtime.getRuntime().availableProcessors(),
                    persons, audience.size(), members, decided, sent, wall, members / wall, decided / wall, over,
                    ledger[1], sent, restart, floor.throughput(), floor.millis(99))
                    + String.format(Locale.ROOT, "%nWhere the CPU went from the restart to the end (%d members"
                    + " decided in %.1f s):%n%n", cpu.phase().operations(), cpu.phase().seconds())
                    + cpu.markdown("decided member");
            String json = RunTable.json(all) + String.format(Locale.ROOT, ",%n  \"persons\": %d, \"members\": %d,"
                    + " \"decided\": %d, \"sent\": %d, \"wall_seconds\": %.1f, \"members_per_second\": %.1f,"
                    + " \"over_cap\": %d,%n  \"cpu_after_restart\": %s%n}%n", audience.size(), members, decided, sent,
                    wall, members / wall, over, cpu.json());
            DocSection.write(home, "campaigns", md, json);
            out.println(md);
        }
    }

    private static ManagedChannel plain(int port) {
        return SignedChannels.builder("127.0.0.1", port).maxInboundMessageSize(64 << 20)
                .build();
    }

    /** Divisions retail (priority 1) and cards (2), at most one contact a week in all. */
    private static void activate(ContactGovernanceServiceBlockingStub governance) {
        Policy policy = Policy.newBuilder().setPolicyId("campaigns-benchmark").setDisplayName("Campaigns benchmark")
                .setDefaultTimeZone("UTC")
                .addDivisions(Division.newBuilder().setDivisionId("retail").setDisplayName("Retail").setPriority(1))
                .addDivisions(Division.newBuilder().setDivisionId("cards").setDisplayName("Cards").setPriority(2))
                .addFrequencyCaps(FrequencyCap.newBuilder().setRuleId("weekly").setScope(CapScope.CAP_SCOPE_GLOBAL)
                        .setMaxContacts(1).setWindow(RollingWindow.newBuilder().setLength(1)
                                .setUnit(WindowUnit.WINDOW_UNIT_WEEKS)))
                .build();
        long version = governance.upsertPolicy(UpsertPolicyRequest.newBuilder().setPolicy(policy).setActor("benchmark")
                .setIdempotencyKey(key()).build()).getPolicyVersion().getVersion();
        governance.activatePolicyVersion(ActivatePolicyVersionRequest.newBuilder().setPolicyId("campaigns-benchmark")
                .setVersion(version).setActor("benchmark").setIdempotencyKey(key()).build());
    }

    private static void segment(ScoringServiceGrpc.ScoringServiceBlockingStub scoring, String type) {
        scoring.upsertScoringPlan(UpsertScoringPlanRequest.newBuilder().setPlan(ScoringPlan.newBuilder()
                .setPlanId("campaign-bench").setDisplayName("Campaign benchmark").addScores(ScoreDefinition
                        .newBuilder().setName("campaign_interest").setMinValue(0).setMaxValue(100))
                .addRules(ScoringRule.newBuilder().setRuleId("r1").setDescription("interest")
                        .setCondition(EventCondition.newBuilder().addEventTypes(type))
                        .addPoints(ScorePoints.newBuilder().setScoreName("campaign_interest").setPoints(10))))
                .setActor("benchmark").setChangeNote("benchmark").setIdempotencyKey(key()).build());
        scoring.activateScoringPlanVersion(ActivateScoringPlanVersionRequest.newBuilder().setPlanId("campaign-bench")
                .setVersion(1).setActor("benchmark").setIdempotencyKey(key()).build());
        scoring.upsertSegmentationSystem(UpsertSegmentationSystemRequest.newBuilder().setSystem(SegmentationSystem
                .newBuilder().setSystemId("campaigns").setDisplayName("Campaigns")).setActor("benchmark")
                .setIdempotencyKey(key()).build());
        scoring.upsertSegment(UpsertSegmentRequest.newBuilder().setSegment(Segment.newBuilder()
                .setSegmentId("bench-audience").setSystemId("campaigns").setDisplayName("Audience").setPriority(1)
                .setExpression("scores.campaign_interest >= 5.0")).setActor("benchmark").setIdempotencyKey(key())
                .build());
    }

    /** Persons created through profile (identity gives the ids, with an email) and observed in scoring. */
    private static List<String> persons(ManagedChannel profileChannel,
            ScoringServiceGrpc.ScoringServiceBlockingStub scoring, String prefix, int count, String type,
            PrintStream out) throws Exception {
        var profile = ProfileServiceGrpc.newBlockingStub(profileChannel);
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int from = 0; from < count; from += 100) {
            int first = from;
            done.add(pool.submit(() -> {
                RecordEventsRequest.Builder batch = RecordEventsRequest.newBuilder();
                for (int i = first; i < Math.min(count, first + 100); i++) {
                    batch.addEvents(RecordEventRequest.newBuilder().setEventId("bench:" + UUID.randomUUID())
                            .addIdentifiers(Identifier.newBuilder().setType("email").setValue(prefix + i
                                    + "@example.com")).setType(EventType.EVENT_TYPE_PAGE_VIEW)
                            .setChannel(Channel.CHANNEL_WEB).setSource("benchmark").setOccurredAt(now()));
                }
                ObserveEventsRequest.Builder observe = ObserveEventsRequest.newBuilder();
                for (RecordEventResult r : profile.withDeadlineAfter(60, TimeUnit.SECONDS)
                        .recordEvents(batch.build()).getResultsList()) {
                    String person = r.getRecorded().getPersonId();
                    ids.add(person);
                    observe.addEvents(ObserveEventRequest.newBuilder().setEventId("obs:" + UUID.randomUUID())
                            .setPersonId(person).setEventType(type).setChannel(Channel.CHANNEL_WEB)
                            .setOccurredAt(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond()))
                            .setSource("benchmark"));
                }
                scoring.withDeadlineAfter(60, TimeUnit.SECONDS).observeEvents(observe.build()).getResultsList()
                        .stream().filter(r -> r.hasError()).findFirst().ifPresent(r -> {
                            throw new IllegalStateException("scoring refused an event: " + r.getError());
                        });
                return null;
            }));
        }
        int n = 0;
        for (Future<?> f : done) {
            f.get();
            if (++n % 100 == 0) {
                out.printf("  %s: %d of %d%n", prefix, n * 100, count);
            }
        }
        pool.shutdown();
        return ids;
    }

    private static void awaitSegment(ScoringServiceGrpc.ScoringServiceBlockingStub scoring, int size, PrintStream out)
            throws InterruptedException {
        long members;
        while ((members = scoring.getSegment(GetSegmentRequest.newBuilder().setSegmentId("bench-audience").build())
                .getSize().getMemberCount()) < size) {
            out.printf("  segment has %d of %d members...%n", members, size);
            Thread.sleep(1000);
        }
    }

    private static ReserveContactBatchRequest batch(List<String> persons, AtomicInteger next) {
        ReserveContactBatchRequest.Builder b = ReserveContactBatchRequest.newBuilder().setTtlSeconds(1)
                .setIdempotencyKey(key());
        for (int i = 0; i < 200; i++) {
            String person = persons.get(Math.floorMod(next.getAndIncrement(), persons.size()));
            b.addItems(BatchReservationItem.newBuilder().setItemId("i" + i).setContact(ContactRequest.newBuilder()
                    .setPerson(PersonRef.newBuilder().setPersonId(person)).setChannel(Channel.CHANNEL_EMAIL)
                    .setDivision(DivisionRef.newBuilder().setId("retail"))
                    .setCategory(ContactCategory.CONTACT_CATEGORY_SERVICE).setRequestingSystem("benchmark")));
        }
        return b.build();
    }

    private static void createAction(DecisioningServiceBlockingStub decisioning, String division) {
        decisioning.createAction(CreateActionRequest.newBuilder().setActionId(division + "-autumn")
                .setSpec(ActionSpec.newBuilder().setKind(ActionKind.ACTION_KIND_OFFER).setName("Autumn " + division)
                        .addChannels(Channel.CHANNEL_EMAIL).setDivision(DivisionRef.newBuilder().setId(division))
                        .setContactCategory(ContactCategory.CONTACT_CATEGORY_MARKETING)
                        .addTemplates(MessageTemplate.newBuilder().setChannel(Channel.CHANNEL_EMAIL)
                                .setSubject("Autumn offer").setBody("Dear customer, our " + division + " offer.")))
                .setCreatedBy("benchmark").setIdempotencyKey(key()).build());
    }

    private static String launch(DecisioningServiceBlockingStub decisioning, String division, Instant start) {
        return decisioning.launchCampaign(LaunchCampaignRequest.newBuilder().setSpec(CampaignSpec.newBuilder()
                .setName("Autumn " + division).setDivision(DivisionRef.newBuilder().setId(division))
                .setAudience(CampaignAudience.newBuilder().setSegmentId("bench-audience"))
                .addActionIds(division + "-autumn").addChannels(Channel.CHANNEL_EMAIL)
                .setSchedule(CampaignSchedule.newBuilder().setMode(CampaignMode.CAMPAIGN_MODE_ONE_OFF)
                        .setStartAt(Timestamp.newBuilder().setSeconds(start.getEpochSecond())))
                .setSendWindow(SendWindow.newBuilder().setStartMinuteOfDay(0).setEndMinuteOfDay(1440)
                        .setDefaultTimeZone("UTC"))
                .addBriefingTeamIds(TEAM).setBriefing("Autumn " + division + " offer going out by email.")
                .setControlGroup(CampaignControlGroup.newBuilder().setSharePercent(10))
                .setExpectedValue(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(1500)))
                .setLaunchedBy("benchmark").setIdempotencyKey(key()).build()).getCampaignId();
    }

    /** {persons whose ledger holds more than one contact this week, contacts in all}. */
    private static long[] ledger(ContactGovernanceServiceBlockingStub governance, List<String> persons)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> checks = new ArrayList<>();
        for (String p : persons) {
            checks.add(pool.submit(() -> governance.withDeadlineAfter(30, TimeUnit.SECONDS).listContactHistory(
                    ListContactHistoryRequest.newBuilder().setPerson(PersonRef.newBuilder().setPersonId(p)).build())
                    .getEntriesCount()));
        }
        long over = 0;
        long all = 0;
        for (Future<Integer> f : checks) {
            int n = f.get();
            over += n > 1 ? 1 : 0;
            all += n;
        }
        pool.shutdown();
        return new long[] {over, all};
    }

    private static Timestamp now() {
        return Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond() - 60).build();
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }
}
