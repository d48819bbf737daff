package io.crowsnest.benchmarks;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

import io.crowsnest.alertnotification.v1.AlertKind;
import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc;
import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc.AlertNotificationServiceBlockingStub;
import io.crowsnest.alertnotification.v1.AlertRecipient;
import io.crowsnest.alertnotification.v1.AlertSeverity;
import io.crowsnest.alertnotification.v1.DeliverMessageRequest;
import io.crowsnest.alertnotification.v1.DeliveryStatus;
import io.crowsnest.alertnotification.v1.ListInboxRequest;
import io.crowsnest.alertnotification.v1.PublishAlertRequest;
import io.crowsnest.alertnotification.v1.RenderedMessage;
import io.crowsnest.alertnotification.v1.SubscribeAlertsRequest;
import io.crowsnest.alertnotification.v1.SubscribeAlertsResponse;
import io.crowsnest.alertnotification.v1.TeamMember;
import io.crowsnest.alertnotification.v1.TeamRole;
import io.crowsnest.alertnotification.v1.UpsertTeamRequest;
import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc.ContactGovernanceServiceBlockingStub;
import io.crowsnest.contactgovernance.v1.ActivatePolicyVersionRequest;
import io.crowsnest.contactgovernance.v1.ContactRequest;
import io.crowsnest.contactgovernance.v1.Division;
import io.crowsnest.contactgovernance.v1.Policy;
import io.crowsnest.contactgovernance.v1.UpsertPolicyRequest;
import io.crowsnest.contactgovernance.v1.ReserveContactRequest;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.identity.v1.ResolvePersonRequest;
import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.StackPorts;
import io.crowsnest.localstack.testing.FreePort;
import io.crowsnest.localstack.testing.SignedChannels;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;

/**
 * Alert-notification through gRPC against its real processes (with identity and contact-governance,
 * their Redis servers and the MongoDB wire-protocol server): alerts published to a team whose 200
 * screens are subscribed (published/s, and the time from a publish call's start to each screen
 * receiving it), DeliverMessage of an SMS under a fresh reservation through the local sink
 * (reserve + deliver + commit per operation), and the same run's gRPC transport floor. Figures go
 * to docs/benchmarks/alerts.json and the alerts section of docs/benchmarks.md.
 */
public final class AlertBenchmark {

    static final int SCREENS = 200;
    static final int PERSONS = 200;
    static final String TEAM = "bench-desk";

    private AlertBenchmark() {
    }

    static void run(Benchmarks.Options run) throws Exception {
        Path home = run.home();
        PrintStream out = System.out;
        Duration phase = Duration.ofSeconds(run.seconds());
        StackPorts ports = new StackPorts(FreePort.pick(), FreePort.pick(), FreePort.pick(), FreePort.pick());
        LocalStack.Options options = LocalStack.Options.defaults(home).withPorts(ports)
                .withStateDir(home.resolve("integration-tests/benchmarks/target/stack"), false)
                .withOnly(Set.of("identity", "contact-governance", "alert-notification"))
                .withExtraEnv(Map.of("CROWSNEST_ALERTS_DELIVERY_SINK_DIRECTORY",
                        home.resolve("integration-tests/benchmarks/target/messages").toString(),
                        "CROWSNEST_ALERTS_LEADS_FOLLOW_TRANSITIONS", "false"))
                .withJvmOptions(List.of("-Xms256m", "-Xmx512m", "-XX:+UseParallelGC"));
        out.println("starting alert-notification, identity, contact-governance, their stores...");
        try (LocalStack stack = LocalStack.start(options, out)) {
            ManagedChannel channel = plain(stack.grpcPort("alert-notification"));
            ManagedChannel screensChannel = plain(stack.grpcPort("alert-notification"));
            ManagedChannel governanceChannel = plain(stack.grpcPort("contact-governance"));
            AlertNotificationServiceBlockingStub alerts = AlertNotificationServiceGrpc.newBlockingStub(channel);
            ContactGovernanceServiceBlockingStub governance = ContactGovernanceServiceGrpc
                    .newBlockingStub(governanceChannel);
            activate(governance);
            team(alerts);
            List<String> persons = persons(plain(stack.grpcPort("identity")));

            Map<String, Long> started = new ConcurrentHashMap<>();
            Histogram received = new Histogram(3_600_000_000L, 3);
            AtomicLong receipts = new AtomicLong();
            Context.CancellableContext screens = Context.current().withCancellation();
            screens.run(() -> {
                for (int i = 0; i < SCREENS; i++) {
                    AlertNotificationServiceGrpc.newStub(screensChannel).subscribeAlerts(SubscribeAlertsRequest
                            .newBuilder().setAgentId("agent-" + i).addTeamIds(TEAM).build(),
                            screen(started, received, receipts));
                }
            });
            LoadRun.Operation publish = thread -> publish(alerts, persons, started);
            out.println("warming up (10 s)...");
            LoadRun.closedLoop("warm-up", 4, Duration.ofSeconds(10), publish, out);
            synchronized (received) {
                received.reset();
            }
            receipts.set(0);
            List<Figures> all = new ArrayList<>();
            out.printf("PublishAlert to a team with %d live screens, 4 clients, %d s%n", SCREENS, phase.toSeconds());
            Figures published = LoadRun.closedLoop("publish (200 screens)", 4, phase, publish, out);
            all.add(published);
            awaitReceipts(receipts, published.operations() * SCREENS, out);
            Histogram delivered;
            synchronized (received) {
                delivered = received.copy();
            }
            all.add(new Figures("publish-to-receive", SCREENS, receipts.get(), phase.toSeconds(), delivered));
            screens.cancel(null);

            LoadRun.Operation deliver = thread -> deliver(alerts, governance, persons);
            for (int c : List.of(1, 4)) {
                out.printf("reserve + DeliverMessage (SMS, local sink) + commit, %d clients, %d s%n", c,
                        phase.toSeconds());
                all.add(LoadRun.closedLoop("reserve+deliver+commit", c, phase, deliver, out));
            }
            all.add(TransportFloor.measure("gRPC call refused by validation (ListInbox)", 4, phase,
                    () -> alerts.withDeadlineAfter(10, TimeUnit.SECONDS).listInbox(ListInboxRequest.getDefaultInstance()),
                    out));
            RunTable.print(out, all);
            String md = RunTable.markdown("make bench BENCH=alerts", "ops/s", all) + String.format(Locale.ROOT,
                    "%nThe publish-to-receive row counts every screen's receipt of every alert (%d screens): its "
                            + "rate is receipts/s, its latency runs from the publish call's start to the screen's "
                            + "receipt. A delivery is three gRPC calls to two services (ReserveContact, "
                            + "DeliverMessage, and the CommitReservation it makes) beside identity's address read.%n",
                    SCREENS);
            DocSection.write(home, "alerts", md, RunTable.json(all));
            out.println("figures written to docs/benchmarks/alerts.json and docs/benchmarks.md");
            channel.shutdownNow();
            screensChannel.shutdownNow();
            governanceChannel.shutdownNow();
        }
    }

    private static ManagedChannel plain(int port) {
        return SignedChannels.builder("127.0.0.1", port).build();
    }

    /** A policy under which SERVICE contacts are not capped: every reservation is granted. */
    private static void activate(ContactGovernanceServiceBlockingStub governance) {
        Policy policy = Policy.newBuilder().setPolicyId("alerts-benchmark").setDisplayName("Alerts benchmark")
                .setDefaultTimeZone("UTC")
                .addDivisions(Division.newBuilder().setDivisionId("cards").setDisplayName("Cards").setPriority(1))
                .build();
        long version = governance.upsertPolicy(UpsertPolicyRequest.newBuilder().setPolicy(policy).setActor("benchmark")
                .setIdempotencyKey(UUID.randomUUID().toString()).build()).getPolicyVersion().getVersion();
        governance.activatePolicyVersion(ActivatePolicyVersionRequest.newBuilder().setPolicyId("alerts-benchmark")
                .setVersion(version).setActor("benchmark").setIdempotencyKey(UUID.randomUUID().toString()).build());
    }

    private static void team(AlertNotificationServiceBlockingStub alerts) {
        UpsertTeamRequest.Builder team = UpsertTeamRequest.newBuilder().setTeamId(TEAM).setDisplayName("Bench desk");
        for (int i = 0; i < SCREENS; i++) {
            team.addMembers(TeamMember.newBuilder().setAgentId("agent-" + i).setRole(TeamRole.TEAM_ROLE_AGENT));
        }
        alerts.upsertTeam(team.build());
    }

    private static List<String> persons(ManagedChannel identityChannel) {
        var identity = IdentityServiceGrpc.newBlockingStub(identityChannel);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < PERSONS; i++) {
            ids.add(identity.resolvePerson(ResolvePersonRequest.newBuilder()
                    .addIdentifiers(Identifier.newBuilder().setType("phone").setValue("+33612" + (100000 + i)))
                    .setRequestingSystem("benchmark").setIdempotencyKey(UUID.randomUUID().toString()).build())
                    .getPersonId());
        }
        identityChannel.shutdownNow();
        return ids;
    }

    /**
     * Waits until the screens have received every alert of the phase (the last ones are still in
     * flight when the phase ends), at most 30 s, printing progress; a shortfall shows in the figures.
     */
    private static void awaitReceipts(AtomicLong receipts, long expected, PrintStream out)
            throws InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (receipts.get() < expected && System.nanoTime() < giveUp) {
            out.printf("  screens received %d of %d receipts...%n", receipts.get(), expected);
            Thread.sleep(250);
        }
    }

    private static StreamObserver<SubscribeAlertsResponse> screen(Map<String, Long> started, Histogram received,
            AtomicLong receipts) {
        return new StreamObserver<>() {
            @Override
            public void onNext(SubscribeAlertsResponse value) {
                if (value.hasAlert()) {
                    Long start = started.get(value.getAlert().getTitle());
                    if (start != null) {
                        synchronized (received) {
                            received.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
                        }
                        receipts.incrementAndGet();
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        };
    }

    private static void publish(AlertNotificationServiceBlockingStub alerts, List<String> persons,
            Map<String, Long> started) {
        String title = "Bench " + UUID.randomUUID();
        started.put(title, System.nanoTime());
        alerts.withDeadlineAfter(10, TimeUnit.SECONDS).publishAlert(PublishAlertRequest.newBuilder()
                .setRecipient(AlertRecipient.newBuilder().setTeamId(TEAM))
                .setPerson(PersonRef.newBuilder().setPersonId(persons.get(ThreadLocalRandom.current().nextInt(PERSONS))))
                .setKind(AlertKind.ALERT_KIND_CHURN_RISK).setSeverity(AlertSeverity.ALERT_SEVERITY_URGENT)
                .setTitle(title).setReason(Reason.newBuilder().setCode("CHURN_SCORE").setMessage("churn 82 over 75"))
                .setSource("benchmark").setIdempotencyKey(UUID.randomUUID().toString()).build());
    }

    private static void deliver(AlertNotificationServiceBlockingStub alerts,
            ContactGovernanceServiceBlockingStub governance, List<String> persons) {
        String person = persons.get(ThreadLocalRandom.current().nextInt(PERSONS));
        String reservation = governance.withDeadlineAfter(10, TimeUnit.SECONDS).reserveContact(ReserveContactRequest
                .newBuilder().setContact(ContactRequest.newBuilder().setPerson(PersonRef.newBuilder()
                        .setPersonId(person)).setChannel(Channel.CHANNEL_SMS)
                        .setDivision(DivisionRef.newBuilder().setId("cards"))
                        .setCategory(ContactCategory.CONTACT_CATEGORY_SERVICE).setRequestingSystem("benchmark"))
                .setIdempotencyKey(UUID.randomUUID().toString()).build()).getReservationId();
        var sent = alerts.withDeadlineAfter(10, TimeUnit.SECONDS).deliverMessage(DeliverMessageRequest.newBuilder()
                .setReservationId(reservation).setPerson(PersonRef.newBuilder().setPersonId(person))
                .setChannel(Channel.CHANNEL_SMS).setRendered(RenderedMessage.newBuilder().setBody("Your card is ready."))
                .setIdempotencyKey(UUID.randomUUID().toString()).build());
        if (sent.getStatus() != DeliveryStatus.DELIVERY_STATUS_SENT) {
            throw new IllegalStateException("delivery not sent: " + sent.getDelivery().getStatusReason());
        }
    }
}
