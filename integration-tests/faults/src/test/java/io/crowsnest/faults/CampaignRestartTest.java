package io.crowsnest.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;

import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc;
import io.crowsnest.contactgovernance.v1.LedgerEntry;
import io.crowsnest.contactgovernance.v1.ListContactHistoryRequest;
import io.crowsnest.decisioning.v1.Campaign;
import io.crowsnest.decisioning.v1.CampaignStatus;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc.DecisioningServiceBlockingStub;
import io.crowsnest.decisioning.v1.GetCampaignRequest;
import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.localstack.testing.FreePort;
import io.crowsnest.localstack.testing.SignedChannels;
import io.grpc.ManagedChannel;

/**
 * Two decisioning instances run two divisions' campaigns at one audience under a weekly cap of one
 * contact; a third of the way through, one of them is killed with SIGKILL and started again on its
 * ports. Afterwards both campaigns are COMPLETED and every person has exactly the contact the
 * campaign rules give them — the ledger in contact-governance, the messages in alert-notification's
 * sink and the campaigns' own counts agree: each target once (retail, priority 1, wins a person both
 * target), nobody over the cap, nobody of a control group contacted by that campaign. While both ran,
 * each held partitions of the audience (the leases in decisioning's store), so they shared the work.
 */
class CampaignRestartTest {

    private static final int PERSONS = 300;
    private static final Path SINK = Path.of("target", "campaign-restart", "messages").toAbsolutePath();

    private static LocalStack stack;
    private static final List<ManagedChannel> channels = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        FaultStack.deleteRecursively(SINK);
        stack = FaultStack.start("campaign-restart", false, Set.of("identity", "profile", "scoring", "decisioning",
                "contact-governance", "alert-notification"), options -> options, Map.of(
                        "decisioning", Map.of("CROWSNEST_DECISIONING_CAMPAIGNS_LEASE_TTL", "3S",
                                "CROWSNEST_DECISIONING_CAMPAIGNS_UNIVERSAL_CONTROL_PERCENT",
                                Double.toString(CampaignSetup.UNIVERSAL_PERCENT),
                                "CROWSNEST_DECISIONING_CAMPAIGNS_BATCH_SIZE", "20",
                                "CROWSNEST_DECISIONING_CAMPAIGNS_PAGE_SIZE", "50"),
                        "alert-notification", Map.of("CROWSNEST_ALERTS_DELIVERY_SINK_DIRECTORY", SINK.toString(),
                                "CROWSNEST_ALERTS_LEADS_FOLLOW_TRANSITIONS", "false")));
    }

    @AfterAll
    static void stopStack() {
        FaultStack.stop(stack, channels.toArray(ManagedChannel[]::new));
    }

    @Test
    void killingADecisioningInstanceMidRunContactsEveryTargetExactlyOnceWithinTheCap() throws Exception {
        CampaignSetup.policy(channel("contact-governance"));
        CampaignSetup.team(channel("alert-notification"));
        Map<String, String> byEmail = CampaignSetup.audience(channel("profile"), channel("scoring"), PERSONS);
        DecisioningServiceBlockingStub first = DecisioningServiceGrpc.newBlockingStub(channel("decisioning"));
        CampaignSetup.offer(first, "cards");
        CampaignSetup.offer(first, "retail");
        int secondPort = FreePort.pick();
        stack.startReplica("decisioning", FreePort.pick(), secondPort);
        DecisioningServiceBlockingStub second = DecisioningServiceGrpc.newBlockingStub(keep(SignedChannels.to(
                secondPort)));

        Instant start = Instant.now().plusSeconds(2);
        String cards = CampaignSetup.launch(first, "cards", start);
        String retail = CampaignSetup.launch(first, "retail", start);
        long targets = byEmail.values().stream().mapToLong(p -> (CampaignSetup.target(cards, p) ? 1 : 0)
                + (CampaignSetup.target(retail, p) ? 1 : 0)).sum();

        Set<String> owners = new HashSet<>();
        try (MongoClient mongo = MongoClients.create(stack.mongoUri())) {
            var leases = mongo.getDatabase("decisioning").getCollection("campaign_leases");
            Await.until(Duration.ofMinutes(3), () -> {
                Set<String> now = new TreeSet<>();
                leases.find(Filters.gt("expires_at", new Date())).forEach(d -> now.add(d.getString("owner")));
                if (now.size() > owners.size()) {
                    owners.clear();
                    owners.addAll(now);
                }
                return processedTargets(second, cards, retail) * 3 >= targets;
            }, "a third of the " + targets + " targets processed");
        }
        for (String id : List.of(cards, retail)) {
            assertEquals(CampaignStatus.CAMPAIGN_STATUS_RUNNING, get(second, id).getStatus(),
                    "the kill must come in the middle of the run");
        }
        assertEquals(2, owners.size(), "both instances held partitions of the audience at once: " + owners);
        kill("decisioning");
        System.out.printf("faults: starting decisioning again on its ports%n");
        stack.startReplica("decisioning", stack.httpPort("decisioning"), stack.grpcPort("decisioning"));

        Map<String, Campaign> done = new HashMap<>();
        for (String id : List.of(cards, retail)) {
            done.put(id, Await.until(Duration.ofMinutes(4), () -> get(second, id),
                    c -> c.getStatus() != CampaignStatus.CAMPAIGN_STATUS_RUNNING
                            && c.getStatus() != CampaignStatus.CAMPAIGN_STATUS_SCHEDULED, "campaign " + id + " to end"));
            assertEquals(CampaignStatus.CAMPAIGN_STATUS_COMPLETED, done.get(id).getStatus(), done.get(id).toString());
            assertEquals(PERSONS, done.get(id).getProgress().getAudienceSize());
            assertEquals(PERSONS, done.get(id).getProgress().getProcessedCount());
        }

        Map<String, List<String>> sunk = sink(Set.of(cards, retail));
        var ledger = ContactGovernanceServiceGrpc.newBlockingStub(channel("contact-governance"));
        Map<String, Long> contacted = new HashMap<>(Map.of(cards, 0L, retail, 0L));
        long bothTargets = 0;
        for (Map.Entry<String, String> e : byEmail.entrySet()) {
            String person = e.getValue();
            String expected = CampaignSetup.target(retail, person) ? retail
                    : CampaignSetup.target(cards, person) ? cards : null;
            bothTargets += CampaignSetup.target(retail, person) && CampaignSetup.target(cards, person) ? 1 : 0;
            List<String> entries = ledger.withDeadlineAfter(30, TimeUnit.SECONDS).listContactHistory(
                    ListContactHistoryRequest.newBuilder().setPerson(PersonRef.newBuilder().setPersonId(person))
                            .build()).getEntriesList().stream().map(LedgerEntry::getCampaignId).toList();
            List<String> want = expected == null ? List.of() : List.of(expected);
            if (!want.equals(entries)) {
                assertEquals(want, entries, person + "'s ledger (retail " + retail + ", cards " + cards + "); "
                        + whatHappenedTo(person));
            }
            assertEquals(want, sunk.getOrDefault(e.getKey(), List.of()), e.getKey() + "'s messages in the sink");
            if (expected != null) {
                contacted.merge(expected, 1L, Long::sum);
            }
        }
        assertTrue(contacted.get(retail) > 0 && contacted.get(cards) > 0 && bothTargets > 0,
                "the audience is too small to tell: " + contacted);
        for (String id : List.of(cards, retail)) {
            assertEquals(contacted.get(id), done.get(id).getProgress().getSentCount(), "sent count of " + id);
        }
        assertEquals(bothTargets, done.get(cards).getProgress().getBlockedCount(),
                "cards is blocked (the cap) for every person retail also targets");
        System.out.printf("faults: %d targets, %d contacted by retail, %d by cards, %d blocked in cards%n", targets,
                contacted.get(retail), contacted.get(cards), bothTargets);
    }

    /**
     * What the stores hold of a person whose ledger is not as expected, for the failure to say where
     * the contact went: the person's campaign members in decisioning and reservations in governance.
     */
    private static String whatHappenedTo(String person) {
        try (MongoClient mongo = MongoClients.create(stack.mongoUri())) {
            List<String> seen = new ArrayList<>();
            mongo.getDatabase("decisioning").getCollection("campaign_members").find(Filters.eq("person_id", person))
                    .forEach(d -> seen.add("member " + d.toJson()));
            mongo.getDatabase("governance").getCollection("reservations").find(Filters.eq("personId", person))
                    .forEach(d -> seen.add("reservation " + d.toJson()));
            return String.join("; ", seen);
        } catch (RuntimeException e) {
            return "the stores could not be read: " + e;
        }
    }

    /** Members decided on (neither control group) of both campaigns so far. */
    private static long processedTargets(DecisioningServiceBlockingStub decisioning, String... ids) {
        long n = 0;
        for (String id : ids) {
            var p = get(decisioning, id).getProgress();
            n += p.getProcessedCount() - p.getControlCount() - p.getUniversalControlCount();
        }
        return n;
    }

    /** The campaign of every message in the sink, by the address it went to. */
    private static Map<String, List<String>> sink(Set<String> campaigns) throws IOException {
        Map<String, List<String>> byAddress = new HashMap<>();
        try (Stream<Path> files = Files.list(SINK)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".txt")).toList()) {
                Map<String, String> headers = new HashMap<>();
                for (String line : Files.readAllLines(f)) {
                    if (line.isEmpty()) {
                        break;
                    }
                    int colon = line.indexOf(": ");
                    headers.put(line.substring(0, colon), line.substring(colon + 2));
                }
                if (campaigns.contains(headers.get("Campaign"))) {
                    byAddress.computeIfAbsent(headers.get("To"), a -> new ArrayList<>()).add(headers.get("Campaign"));
                }
            }
        }
        return byAddress;
    }

    private static Campaign get(DecisioningServiceBlockingStub decisioning, String id) {
        return decisioning.withDeadlineAfter(30, TimeUnit.SECONDS).getCampaign(GetCampaignRequest.newBuilder()
                .setCampaignId(id).build()).getCampaign();
    }

    private static void kill(String service) throws Exception {
        ProcessHandle process = ProcessHandle.of(stack.processIds().get(service)).orElseThrow();
        System.out.printf("faults: kill -9 %s (pid %d)%n", service, process.pid());
        process.destroyForcibly();
        process.onExit().get(30, TimeUnit.SECONDS);
    }

    private static ManagedChannel channel(String service) {
        return keep(FaultStack.channel(stack, service));
    }

    private static ManagedChannel keep(ManagedChannel channel) {
        channels.add(channel);
        return channel;
    }
}
