package io.crowsnest.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.protobuf.Message;

import io.crowsnest.alertnotification.v1.AlertKind;
import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc;
import io.crowsnest.alertnotification.v1.AlertRecipient;
import io.crowsnest.alertnotification.v1.AlertSeverity;
import io.crowsnest.alertnotification.v1.ListInboxRequest;
import io.crowsnest.alertnotification.v1.PublishAlertRequest;
import io.crowsnest.alertnotification.v1.TeamMember;
import io.crowsnest.alertnotification.v1.TeamRole;
import io.crowsnest.alertnotification.v1.UpsertTeamRequest;
import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.common.v1.RollingWindow;
import io.crowsnest.common.v1.WindowUnit;
import io.crowsnest.contactgovernance.v1.CapScope;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc;
import io.crowsnest.contactgovernance.v1.Division;
import io.crowsnest.contactgovernance.v1.FrequencyCap;
import io.crowsnest.contactgovernance.v1.ListPolicyVersionsRequest;
import io.crowsnest.contactgovernance.v1.Policy;
import io.crowsnest.contactgovernance.v1.UpsertPolicyRequest;
import io.crowsnest.decisioning.v1.ActionKind;
import io.crowsnest.decisioning.v1.ActionSpec;
import io.crowsnest.decisioning.v1.CreateActionRequest;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc;
import io.crowsnest.decisioning.v1.ListActionChangesRequest;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.identity.v1.LookupPersonRequest;
import io.crowsnest.identity.v1.ResolvePersonRequest;
import io.crowsnest.localstack.LocalMongo;
import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.testing.FreePort;
import io.crowsnest.localstack.testing.GrpcErrorDetails;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.ListEventsRequest;
import io.crowsnest.profile.v1.ProfileServiceGrpc;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.crowsnest.scoring.v1.ListSegmentationSystemsRequest;
import io.crowsnest.scoring.v1.ScoringServiceGrpc;
import io.crowsnest.scoring.v1.SegmentationSystem;
import io.crowsnest.scoring.v1.UpsertSegmentationSystemRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Each service's MongoDB goes away in turn (every service runs on a MongoDB stand-in of its own,
 * so its peers keep theirs): a mutating call answers UNAVAILABLE with reason MONGODB_UNAVAILABLE —
 * retry later, never INTERNAL — and the service's readiness goes DOWN saying why. When its MongoDB
 * is back, the service is ready again by itself, and the same request with the same idempotency key
 * succeeds, once: sent again it is answered the same and changes nothing more.
 */
class MongoUnavailableTest {

    private static final List<String> SERVICES = List.of("identity", "profile", "scoring", "decisioning",
            "contact-governance", "alert-notification");
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(30);

    private static final Map<String, Path> mongoFiles = new HashMap<>();
    private static final Map<String, Integer> mongoPorts = new HashMap<>();
    private static final Map<String, LocalMongo> mongos = new HashMap<>();
    private static final Map<String, ManagedChannel> channels = new HashMap<>();
    private static LocalStack stack;
    private static String person;

    @BeforeAll
    static void start() throws IOException {
        Path own = Path.of("target/mongo-unavailable/own-mongo").toAbsolutePath();
        FaultStack.deleteRecursively(own);
        Map<String, Map<String, String>> serviceEnv = new HashMap<>();
        for (String service : SERVICES) {
            mongoFiles.put(service, own.resolve(service + ".mv.db"));
            mongoPorts.put(service, FreePort.pick());
            startMongo(service);
            serviceEnv.put(service, Map.of("CROWSNEST_MONGODB_URI", mongos.get(service).connectionString()));
        }
        stack = FaultStack.start("mongo-unavailable", false, Set.copyOf(SERVICES), UnaryOperator.identity(),
                serviceEnv);
        for (String service : SERVICES) {
            channels.put(service, FaultStack.channel(stack, service));
        }
        person = IdentityServiceGrpc.newBlockingStub(channels.get("identity")).withDeadlineAfter(30, TimeUnit.SECONDS)
                .resolvePerson(ResolvePersonRequest.newBuilder().addIdentifiers(cookie("mu-alerted"))
                        .setRequestingSystem("fault-suite").setIdempotencyKey(UUID.randomUUID().toString()).build())
                .getPersonId();
        // an alert goes to an agent of a team
        AlertNotificationServiceGrpc.newBlockingStub(channels.get("alert-notification"))
                .withDeadlineAfter(30, TimeUnit.SECONDS).upsertTeam(UpsertTeamRequest.newBuilder().setTeamId("mu-team")
                        .setDisplayName("Fault suite").addMembers(TeamMember.newBuilder().setAgentId("mu-agent")
                                .setRole(TeamRole.TEAM_ROLE_AGENT)).build());
    }

    @AfterAll
    static void stop() {
        FaultStack.stop(stack, channels.values().toArray(ManagedChannel[]::new));
        mongos.values().forEach(LocalMongo::close);
    }

    @ParameterizedTest
    @ValueSource(strings = { "identity", "profile", "scoring", "decisioning", "contact-governance",
            "alert-notification" })
    void aMutatingCallAnswersMongodbUnavailableAndSucceedsOnceWhenMongodbIsBack(String service) throws Exception {
        Mutation mutation = mutation(service);
        Readiness.await(stack, service, 200);

        System.out.printf("faults: taking %s's MongoDB away%n", service);
        mongos.remove(service).close();
        Instant sent = Instant.now();
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, mutation.call()::get,
                "a mutation was answered although " + service + "'s MongoDB is away");
        System.out.printf("faults: %s answered %s (%s) after %d ms%n", service, refused.getStatus().getCode(),
                GrpcErrorDetails.reason(refused), Duration.between(sent, Instant.now()).toMillis());
        assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode(), refused.getStatus().toString());
        assertEquals("MONGODB_UNAVAILABLE", GrpcErrorDetails.reason(refused), refused.getStatus().toString());
        String readiness = Readiness.await(stack, service, 503);
        System.out.printf("faults: %s readiness while its MongoDB is away: %s%n", service,
                readiness.replaceAll("\\s+", " "));
        assertTrue(readiness.matches("(?s).*\"name\"\\s*:\\s*\"MongoDB[^\"]*\"\\s*,\\s*\"status\"\\s*:\\s*\"DOWN\".*"
                + "KO, reason: .*Connection refused.*"), "readiness says MongoDB is DOWN and why: " + readiness);

        startMongo(service);
        Readiness.await(stack, service, 200);
        Message first = untilAnswered(mutation.call());
        Message again = untilAnswered(mutation.call());
        assertEquals(first, again, "the same request with the same idempotency key is answered the same");
        mutation.once().accept(first);
    }

    /** A mutating request of one service with its idempotency key, and how to see it took effect once. */
    private record Mutation(Supplier<Message> call, Consumer<Message> once) {
    }

    private static Mutation mutation(String service) {
        ManagedChannel channel = channels.get(service);
        String key = "mu-" + service + "-" + UUID.randomUUID();
        return switch (service) {
            case "identity" -> {
                ResolvePersonRequest request = ResolvePersonRequest.newBuilder().addIdentifiers(cookie(key))
                        .setRequestingSystem("fault-suite").setIdempotencyKey(key).build();
                var stub = IdentityServiceGrpc.newBlockingStub(channel);
                yield new Mutation(() -> stub.withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                        .resolvePerson(request), answer -> assertEquals(field(answer, "person_id"),
                                stub.lookupPerson(LookupPersonRequest.newBuilder().setIdentifier(cookie(key)).build())
                                        .getPersonId(), "one person for the identifier"));
            }
            case "profile" -> {
                Instant now = Instant.now();
                RecordEventRequest request = RecordEventRequest.newBuilder().setEventId(key)
                        .addIdentifiers(cookie(key)).setType(EventType.EVENT_TYPE_PAGE_VIEW)
                        .setChannel(Channel.CHANNEL_WEB).setSource("fault-suite")
                        .setOccurredAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(now.getEpochSecond()))
                        .build();
                var stub = ProfileServiceGrpc.newBlockingStub(channel);
                // a replayed event is answered for the same person, flagged a duplicate that created no one
                yield new Mutation(() -> stub.withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                        .recordEvent(request).toBuilder().clearDuplicate().clearPersonCreated().clearReceivedAt()
                        .build(),
                        answer -> assertEquals(1, stub.listEvents(ListEventsRequest.newBuilder()
                                .setPerson(PersonRef.newBuilder().setPersonId((String) field(answer, "person_id")))
                                .build()).getEventsCount(), "the event is stored once"));
            }
            case "scoring" -> {
                UpsertSegmentationSystemRequest request = UpsertSegmentationSystemRequest.newBuilder()
                        .setSystem(SegmentationSystem.newBuilder().setSystemId("mu-system").setDisplayName("Fault suite"))
                        .setActor("fault-suite").setIdempotencyKey(key).build();
                var stub = ScoringServiceGrpc.newBlockingStub(channel);
                yield new Mutation(() -> stub.withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                        .upsertSegmentationSystem(request), answer -> assertEquals(List.of(1L),
                                stub.listSegmentationSystems(ListSegmentationSystemsRequest.getDefaultInstance())
                                        .getSystemsList().stream().map(s -> s.getSystem())
                                        .filter(s -> s.getSystemId().equals("mu-system"))
                                        .map(SegmentationSystem::getRevision).toList(),
                                "stored once: revision 1"));
            }
            case "decisioning" -> {
                CreateActionRequest request = CreateActionRequest.newBuilder().setActionId("mu-action")
                        .setSpec(ActionSpec.newBuilder().setKind(ActionKind.ACTION_KIND_OFFER).setName("Fault suite offer")
                                .setDescription("offered while MongoDB came and went")
                                .setEligibilityExpression("profile.attributes.country == 'FR'")
                                .addChannels(Channel.CHANNEL_EMAIL).setDivision(DivisionRef.newBuilder().setId("cards"))
                                .setReasonCode("FAULT_SUITE").setContactCategory(ContactCategory.CONTACT_CATEGORY_MARKETING))
                        .setCreatedBy("fault-suite").setIdempotencyKey(key).build();
                var stub = DecisioningServiceGrpc.newBlockingStub(channel);
                yield new Mutation(() -> stub.withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                        .createAction(request), answer -> assertEquals(1, stub.listActionChanges(
                                ListActionChangesRequest.newBuilder().setActionId("mu-action").build()).getChangesCount(),
                                "created once"));
            }
            case "contact-governance" -> {
                RollingWindow week = RollingWindow.newBuilder().setLength(1).setUnit(WindowUnit.WINDOW_UNIT_WEEKS).build();
                UpsertPolicyRequest request = UpsertPolicyRequest.newBuilder().setPolicy(Policy.newBuilder()
                        .setPolicyId("mu-policy").setDisplayName("Fault suite").setDefaultTimeZone("UTC")
                        .addDivisions(Division.newBuilder().setDivisionId("cards").setDisplayName("Cards").setPriority(1))
                        .addFrequencyCaps(FrequencyCap.newBuilder().setRuleId("overall").setScope(CapScope.CAP_SCOPE_GLOBAL)
                                .setMaxContacts(3).setWindow(week)))
                        .setActor("fault-suite").setIdempotencyKey(key).build();
                var stub = ContactGovernanceServiceGrpc.newBlockingStub(channel);
                yield new Mutation(() -> stub.withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                        .upsertPolicy(request), answer -> assertEquals(1, stub.listPolicyVersions(
                                ListPolicyVersionsRequest.newBuilder().setPolicyId("mu-policy").build()).getVersionsCount(),
                                "one version written"));
            }
            case "alert-notification" -> {
                PublishAlertRequest request = PublishAlertRequest.newBuilder()
                        .setRecipient(AlertRecipient.newBuilder().setAgentId("mu-agent"))
                        .setPerson(PersonRef.newBuilder().setPersonId(person)).setKind(AlertKind.ALERT_KIND_CHURN_RISK)
                        .setSeverity(AlertSeverity.ALERT_SEVERITY_URGENT).setTitle("Fault suite alert")
                        .setReason(Reason.newBuilder().setCode("FAULT_SUITE").setMessage("published while MongoDB came back"))
                        .setSource("fault-suite").setIdempotencyKey(key).build();
                var stub = AlertNotificationServiceGrpc.newBlockingStub(channel);
                yield new Mutation(() -> stub.withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                        .publishAlert(request), answer -> assertEquals(1, stub.listInbox(ListInboxRequest.newBuilder()
                                .setAgentId("mu-agent").build()).getAlertsCount(), "published once"));
            }
            default -> throw new IllegalArgumentException(service);
        };
    }

    private static Object field(Message message, String name) {
        return message.getField(message.getDescriptorForType().findFieldByName(name));
    }

    /**
     * The answer once the service takes calls again. Right after its MongoDB is back a call may still
     * meet a connection of the old server: UNAVAILABLE (retryable) is retried for a while, nothing else.
     */
    private static Message untilAnswered(Supplier<Message> call) {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try {
                return call.get();
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || Instant.now().isAfter(giveUp)) {
                    throw e;
                }
                Retries.pause();
            }
        }
    }

    private static void startMongo(String service) throws IOException {
        mongos.put(service, LocalMongo.durable(mongoFiles.get(service), mongoPorts.get(service)));
    }

    private static Identifier cookie(String value) {
        return Identifier.newBuilder().setType("cookie").setValue(value).build();
    }
}
