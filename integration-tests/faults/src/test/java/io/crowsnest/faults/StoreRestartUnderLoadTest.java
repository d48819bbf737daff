package io.crowsnest.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.crowsnest.alertnotification.v1.AlertKind;
import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc;
import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc.AlertNotificationServiceBlockingStub;
import io.crowsnest.alertnotification.v1.AlertRecipient;
import io.crowsnest.alertnotification.v1.AlertSeverity;
import io.crowsnest.alertnotification.v1.ListInboxRequest;
import io.crowsnest.alertnotification.v1.PublishAlertRequest;
import io.crowsnest.alertnotification.v1.TeamMember;
import io.crowsnest.alertnotification.v1.TeamRole;
import io.crowsnest.alertnotification.v1.UpsertTeamRequest;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.PageRequest;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.identity.v1.ResolvePersonRequest;
import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.testing.GrpcErrorDetails;
import io.crowsnest.localstack.testing.Await;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The stores restarted under load. Collectors stream events into profile (which resolves persons
 * with identity, and forwards to scoring) and systems reserve and commit contacts with
 * contact-governance, all retrying as real callers do, while the MongoDB stand-in — and, in turn,
 * each service's Redis — is stopped and started again on its port. While a store is away the
 * services that use it report not-ready and answer UNAVAILABLE (never INTERNAL: the callers fail the
 * run on any other status); contact-governance grants nothing; when it is back they are ready again
 * by themselves. Afterwards every acknowledged event is in profile and counted exactly once by
 * scoring, every acknowledged reservation and commit is in governance's ledger, and nobody has more
 * contacts than the policy's caps allow. The stores keep their data across the restart (MongoDB in
 * its file, Redis in its append-only file), except contact-governance's Redis, which comes back
 * empty: governance rebuilds its counters from MongoDB before it grants again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoreRestartUnderLoadTest {

    private static final List<String> SERVICES = List.of("identity", "profile", "scoring", "contact-governance",
            "alert-notification");
    private static final int ACKS = 100;
    private static final int ANSWERS = 30;

    private static LocalStack stack;
    private static ManagedChannel profileChannel;
    private static ManagedChannel scoringChannel;
    private static ManagedChannel governanceChannel;
    private static ManagedChannel alertChannel;
    private static ContactReservers reservers;
    private static String alerted;

    @BeforeAll
    static void start() throws IOException {
        stack = FaultStack.start("store-restart", true, Set.copyOf(SERVICES), EventCollectors.recoverSooner(),
                Map.of());
        profileChannel = channel("profile");
        scoringChannel = channel("scoring");
        governanceChannel = channel("contact-governance");
        alertChannel = channel("alert-notification");
        reservers = new ContactReservers(governanceChannel, "restart");
        reservers.activatePolicy();
        AlertNotificationServiceGrpc.newBlockingStub(alertChannel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .upsertTeam(UpsertTeamRequest.newBuilder().setTeamId("restart-team").setDisplayName("Fault suite")
                        .addMembers(TeamMember.newBuilder().setAgentId("restart-agent").setRole(TeamRole.TEAM_ROLE_AGENT))
                        .build());
        ManagedChannel identity = channel("identity");
        try {
            alerted = IdentityServiceGrpc.newBlockingStub(identity).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .resolvePerson(ResolvePersonRequest.newBuilder().addIdentifiers(Identifier.newBuilder()
                            .setType("cookie").setValue("restart-alerted")).setRequestingSystem("fault-suite")
                            .setIdempotencyKey(UUID.randomUUID().toString()).build()).getPersonId();
        } finally {
            identity.shutdownNow();
        }
    }

    @AfterAll
    static void stop() {
        FaultStack.stop(stack, profileChannel, scoringChannel, governanceChannel, alertChannel);
    }

    @Test
    @Order(1)
    void mongodbRestartedUnderLoadLosesNothingAcknowledgedAndOverContactsNobody() throws Exception {
        EventCollectors collectors = new EventCollectors(profileChannel, "mongo-restart");
        collectors.start();
        reservers.start();
        try {
            collectors.awaitAcks(ACKS, "before MongoDB goes away");
            reservers.awaitAnswers(ANSWERS, "before MongoDB goes away");

            System.out.printf("faults: stopping MongoDB after %d events, %d reservations answered%n", collectors.acks(),
                    reservers.answers());
            long eventRefusals = collectors.refusals();
            long reserveRefusals = reservers.refusals();
            stack.stopMongo();
            reservers.storeAway(true);
            for (String service : SERVICES) {
                Readiness.await(stack, service, 503);
            }
            System.out.println("faults: every service reports not-ready while MongoDB is away");
            Await.until(Duration.ofSeconds(30), () -> collectors.refusals() > eventRefusals + 3
                    && reservers.refusals() > reserveRefusals + 3, "callers to meet the missing MongoDB");

            reservers.storeAway(false);
            stack.startMongo();
            for (String service : SERVICES) {
                Readiness.await(stack, service, 200);
            }
            System.out.println("faults: MongoDB is back; every service is ready again by itself");
            collectors.awaitAcks(ACKS, "after MongoDB came back");
            reservers.awaitAnswers(ANSWERS, "after MongoDB came back");
        } finally {
            collectors.stop();
            reservers.stop();
        }
        report(collectors);
        assertTrue(reservers.refusedBy().containsKey("UNAVAILABLE MONGODB_UNAVAILABLE"),
                "contact-governance answered MONGODB_UNAVAILABLE while MongoDB was away: " + reservers.refusedBy());
        assertEquals(0, reservers.grantedWhileAway(), "contacts granted while MongoDB was away");

        Map<String, Integer> stored = collectors.assertNothingLost(stack.mongoUri());
        EventCollectors.assertCountedOnce(scoringChannel, stored);
        reservers.assertNothingLostAndNobodyOverContacted();
    }

    @ParameterizedTest
    @Order(2)
    @ValueSource(strings = { "scoring", "contact-governance", "alert-notification" })
    void redisRestartedUnderLoadLosesNothingAcknowledgedAndOverContactsNobody(String owner) throws Exception {
        // contact-governance's Redis comes back empty (its counters are rebuilt from MongoDB); the
        // others reload their append-only file, as operations.md asks for scoring's
        boolean empty = owner.equals("contact-governance");
        EventCollectors collectors = new EventCollectors(profileChannel, "redis-restart-" + owner);
        AlertNotificationServiceBlockingStub alerts = AlertNotificationServiceGrpc.newBlockingStub(alertChannel);
        PublishAlertRequest alert = alert(owner);
        collectors.start();
        reservers.start();
        try {
            collectors.awaitAcks(ACKS, "before " + owner + "'s Redis goes away");
            reservers.awaitAnswers(ANSWERS, "before " + owner + "'s Redis goes away");
            if (empty) {
                // once everyone is at the cap, a grant from counters not rebuilt would over-contact
                reservers.awaitEveryoneAtCap();
            }

            System.out.printf("faults: stopping %s's Redis after %d events, %d reservations answered%n", owner,
                    collectors.acks(), reservers.answers());
            long reserveRefusals = reservers.refusals();
            stack.stopRedis(owner);
            reservers.storeAway(owner.equals("contact-governance"));
            String readiness = Readiness.await(stack, owner, 503);
            assertTrue(readiness.contains("\"redis\""), "readiness names Redis: " + readiness);
            switch (owner) {
                case "scoring" -> collectors.awaitAcks(ACKS / 2, "while scoring's Redis is away (profile's outbox holds them)");
                case "contact-governance" -> Await.until(Duration.ofSeconds(30),
                        () -> reservers.refusals() > reserveRefusals + 3, "reservations to meet the missing Redis");
                default -> publishWhileAway(alerts, alert);
            }

            reservers.storeAway(false);
            stack.startRedis(owner, empty);
            Readiness.await(stack, owner, 200);
            System.out.printf("faults: %s's Redis is back%s; %s is ready again by itself%n", owner,
                    empty ? " empty" : " with its append-only file", owner);
            collectors.awaitAcks(ACKS, "after " + owner + "'s Redis came back");
            reservers.awaitAnswers(ANSWERS, "after " + owner + "'s Redis came back");
        } finally {
            collectors.stop();
            reservers.stop();
        }
        report(collectors);
        if (owner.equals("contact-governance")) {
            assertTrue(reservers.refusedBy().containsKey("UNAVAILABLE REDIS_UNAVAILABLE"),
                    "contact-governance answered REDIS_UNAVAILABLE while its Redis was away: " + reservers.refusedBy());
        }
        assertEquals(0, reservers.grantedWhileAway(), "contacts granted while contact-governance's Redis was away");
        if (owner.equals("alert-notification")) {
            // the alert asked for while Redis was away, sent again with the same key, is in the inbox once
            String id = new Retries().untilAnswered(() -> alerts.withDeadlineAfter(10, TimeUnit.SECONDS)
                    .publishAlert(alert).getAlert().getAlertId(), Duration.ofSeconds(60));
            assertEquals(List.of(id), alerts.withDeadlineAfter(10, TimeUnit.SECONDS).listInbox(ListInboxRequest.newBuilder()
                    .setAgentId("restart-agent").setPage(PageRequest.newBuilder().setPageSize(100)).build())
                    .getAlertsList().stream().filter(a -> a.getTitle().equals(alert.getTitle()))
                    .map(a -> a.getAlertId()).toList(), "the alert is in the inbox once");
        }

        Map<String, Integer> stored = collectors.assertNothingLost(stack.mongoUri());
        EventCollectors.assertCountedOnce(scoringChannel, stored);
        reservers.assertNothingLostAndNobodyOverContacted();
    }

    /** An alert published while alert-notification's Redis is away is answered, or refused UNAVAILABLE. */
    private static void publishWhileAway(AlertNotificationServiceBlockingStub alerts, PublishAlertRequest alert) {
        try {
            alerts.withDeadlineAfter(30, TimeUnit.SECONDS).publishAlert(alert);
            System.out.println("faults: an alert was accepted while alert-notification's Redis was away");
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getStatus().toString());
            System.out.printf("faults: an alert published while alert-notification's Redis was away: %s %s%n",
                    e.getStatus().getCode(), GrpcErrorDetails.reason(e));
        }
    }

    private static PublishAlertRequest alert(String owner) {
        return PublishAlertRequest.newBuilder().setRecipient(AlertRecipient.newBuilder().setAgentId("restart-agent"))
                .setPerson(PersonRef.newBuilder().setPersonId(alerted))
                .setKind(AlertKind.ALERT_KIND_CHURN_RISK).setSeverity(AlertSeverity.ALERT_SEVERITY_URGENT)
                .setTitle("Redis of " + owner + " restarted " + UUID.randomUUID())
                .setReason(Reason.newBuilder().setCode("FAULT_SUITE").setMessage("published while a Redis restarted"))
                .setSource("fault-suite").setIdempotencyKey(UUID.randomUUID().toString()).build();
    }

    private static void report(EventCollectors collectors) {
        System.out.printf("faults: %d events acknowledged for %d persons; refused and retried: events %s, reservations"
                + " %s; %d reservations granted%n", collectors.acks(), collectors.persons(), collectors.refusedBy(),
                reservers.refusedBy(), reservers.grants());
    }

    private static ManagedChannel channel(String service) {
        return FaultStack.channel(stack, service);
    }
}
