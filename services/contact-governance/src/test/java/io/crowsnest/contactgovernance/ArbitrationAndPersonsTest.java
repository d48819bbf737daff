package io.crowsnest.contactgovernance;

import static io.crowsnest.contactgovernance.Governance.contact;
import static io.crowsnest.contactgovernance.Governance.error;
import static io.crowsnest.contactgovernance.Governance.fields;
import static io.crowsnest.contactgovernance.Governance.key;
import static io.crowsnest.contactgovernance.Governance.marketing;
import static io.crowsnest.contactgovernance.Governance.reason;
import static com.mongodb.client.model.Filters.eq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.mongodb.client.MongoDatabase;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.ConsentPurpose;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.Money;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.common.v1.WindowUnit;
import io.crowsnest.contactgovernance.v1.BatchItemOutcome;
import io.crowsnest.contactgovernance.v1.BatchReservationItem;
import io.crowsnest.contactgovernance.v1.BatchReservationResult;
import io.crowsnest.contactgovernance.v1.CapScope;
import io.crowsnest.contactgovernance.v1.CheckEligibilityRequest;
import io.crowsnest.contactgovernance.v1.CommitReservationRequest;
import io.crowsnest.contactgovernance.v1.ConsentChange;
import io.crowsnest.contactgovernance.v1.ConsentStatus;
import io.crowsnest.contactgovernance.v1.ContactOutcome;
import io.crowsnest.contactgovernance.v1.ContactRequest;
import io.crowsnest.contactgovernance.v1.Division;
import io.crowsnest.contactgovernance.v1.ForgetPersonRequest;
import io.crowsnest.contactgovernance.v1.ForgetPersonResponse;
import io.crowsnest.contactgovernance.v1.GetConsentsRequest;
import io.crowsnest.contactgovernance.v1.GetReservationRequest;
import io.crowsnest.contactgovernance.v1.ListContactHistoryRequest;
import io.crowsnest.contactgovernance.v1.MergePersonsRequest;
import io.crowsnest.contactgovernance.v1.MergePersonsResponse;
import io.crowsnest.contactgovernance.v1.Policy;
import io.crowsnest.contactgovernance.v1.RecordExternalContactRequest;
import io.crowsnest.contactgovernance.v1.ReleaseReservationRequest;
import io.crowsnest.contactgovernance.v1.ReservationState;
import io.crowsnest.contactgovernance.v1.ReserveContactBatchRequest;
import io.crowsnest.contactgovernance.v1.ReserveContactBatchResponse;
import io.crowsnest.contactgovernance.v1.ReserveContactRequest;
import io.crowsnest.contactgovernance.v1.ReserveContactResponse;
import io.crowsnest.contactgovernance.v1.SetConsentsRequest;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.identity.v1.LookupPersonRequest;
import io.crowsnest.identity.v1.LookupPersonResponse;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.localstack.testing.RedisTestResource;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Batch arbitration by rank, identity merges and erasure, through gRPC against real stores. */
@QuarkusTest
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArbitrationAndPersonsTest {

    Governance g;
    @Inject
    MongoDatabase database;

    @BeforeEach
    void connect() {
        g = new Governance();
    }

    @AfterEach
    void disconnect() {
        g.close();
    }

    /** Overall 2 per week; cards before travel before mortgages; no gap. */
    private static Policy twoPerWeek() {
        return Policy.newBuilder().setPolicyId("two-per-week").setDisplayName("Two per week")
                .setDefaultTimeZone("Europe/Berlin")
                .addDivisions(Division.newBuilder().setDivisionId("cards").setDisplayName("Cards").setPriority(1))
                .addDivisions(Division.newBuilder().setDivisionId("travel").setDisplayName("Travel").setPriority(2))
                .addDivisions(Division.newBuilder().setDivisionId("mortgages").setDisplayName("Mortgages")
                        .setPriority(3))
                .addFrequencyCaps(Governance.cap("overall", CapScope.CAP_SCOPE_GLOBAL, Channel.CHANNEL_UNSPECIFIED, 2,
                        Governance.window(1, WindowUnit.WINDOW_UNIT_WEEKS)))
                .build();
    }

    private static BatchReservationItem item(String id, ContactRequest.Builder contact, long valueCents) {
        return BatchReservationItem.newBuilder().setItemId(id).setContact(contact
                .setExpectedValue(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(valueCents))).build();
    }

    @Test
    @Order(1)
    void aBatchIsArbitratedByRankNotByArrivalOrder() {
        g.activate(twoPerWeek());
        ReserveContactBatchRequest request = ReserveContactBatchRequest.newBuilder()
                .addItems(item("travel-cheap", marketing("b1", Channel.CHANNEL_EMAIL, "travel"), 100))
                .addItems(item("mortgage-rich", marketing("b1", Channel.CHANNEL_EMAIL, "mortgages"), 50_000))
                .addItems(item("travel-rich", marketing("b1", Channel.CHANNEL_PUSH, "travel"), 900))
                .addItems(item("cards", marketing("b1", Channel.CHANNEL_PUSH, "cards"), 10))
                .addItems(item("service", contact("b1", Channel.CHANNEL_EMAIL, "mortgages",
                        ContactCategory.CONTACT_CATEGORY_SERVICE), 0))
                .addItems(item("other-person", marketing("b2", Channel.CHANNEL_EMAIL, "mortgages"), 1))
                .setIdempotencyKey(key()).build();
        ReserveContactBatchResponse response = g.stub.reserveContactBatch(request);
        Map<String, BatchReservationResult> byId = response.getResultsList().stream()
                .collect(Collectors.toMap(BatchReservationResult::getItemId, r -> r));
        assertEquals(List.of("travel-cheap", "mortgage-rich", "travel-rich", "cards", "service", "other-person"),
                response.getResultsList().stream().map(BatchReservationResult::getItemId).toList(),
                "results in request order");
        assertEquals(1, byId.get("service").getArbitrationRank());
        assertEquals(2, byId.get("cards").getArbitrationRank());
        assertEquals(3, byId.get("travel-rich").getArbitrationRank());
        assertEquals(4, byId.get("travel-cheap").getArbitrationRank());
        assertEquals(5, byId.get("mortgage-rich").getArbitrationRank());
        assertEquals(BatchItemOutcome.BATCH_ITEM_OUTCOME_GRANTED, byId.get("service").getOutcome());
        assertEquals(BatchItemOutcome.BATCH_ITEM_OUTCOME_GRANTED, byId.get("cards").getOutcome());
        assertEquals(BatchItemOutcome.BATCH_ITEM_OUTCOME_GRANTED, byId.get("travel-rich").getOutcome());
        BatchReservationResult cheap = byId.get("travel-cheap");
        assertEquals(BatchItemOutcome.BATCH_ITEM_OUTCOME_DENIED, cheap.getOutcome());
        assertEquals(List.of("cards", "travel-rich"), cheap.getOutrankedByItemIdsList());
        assertEquals("FREQUENCY_CAP_REACHED", cheap.getVerdict().getViolations(0).getReason().getCode());
        assertEquals(BatchItemOutcome.BATCH_ITEM_OUTCOME_DENIED, byId.get("mortgage-rich").getOutcome());
        assertEquals(BatchItemOutcome.BATCH_ITEM_OUTCOME_GRANTED, byId.get("other-person").getOutcome());
        assertEquals(4, response.getGrantedCount());
        assertEquals(2, response.getDeniedCount());
        assertEquals(ReservationState.RESERVATION_STATE_HELD, g.stub.getReservation(GetReservationRequest.newBuilder()
                .setReservationId(byId.get("cards").getReservationId()).build()).getReservation().getState());

        ReserveContactBatchResponse retried = g.stub.reserveContactBatch(request);
        assertEquals(response, retried, "a retried batch returns the first answer and takes nothing more");

        var duplicate = error(() -> g.stub.reserveContactBatch(ReserveContactBatchRequest.newBuilder()
                .addItems(item("x", marketing("b3", Channel.CHANNEL_EMAIL, "cards"), 1))
                .addItems(item("x", marketing("b3", Channel.CHANNEL_PUSH, "cards"), 1))
                .setIdempotencyKey(key()).build()));
        assertEquals(List.of("items[1].item_id"), fields(duplicate));
        var currencies = error(() -> g.stub.reserveContactBatch(ReserveContactBatchRequest.newBuilder()
                .addItems(item("x", marketing("b3", Channel.CHANNEL_EMAIL, "cards"), 1))
                .addItems(BatchReservationItem.newBuilder().setItemId("y").setContact(marketing("b3",
                        Channel.CHANNEL_PUSH, "cards").setExpectedValue(Money.newBuilder().setCurrencyCode("USD")
                                .setAmountMinor(5))))
                .setIdempotencyKey(key()).build()));
        assertEquals(List.of("items"), fields(currencies));
        assertTrue(g.stub.checkEligibility(CheckEligibilityRequest.newBuilder()
                .setContact(marketing("b3", Channel.CHANNEL_EMAIL, "cards")).build()).getVerdict().getAllowed(),
                "refused batches reserved nothing");
    }

    @Test
    @Order(2)
    void aMergeCombinesLedgersCountersReservationsAndConsents() {
        Instant now = Instant.now();
        g.madeAt("m-anon", Channel.CHANNEL_PUSH, "travel", now.minus(Duration.ofDays(3)));
        g.madeAt("m-known", Channel.CHANNEL_PUSH, "travel", now.minus(Duration.ofDays(2)));
        ReserveContactResponse held = g.stub.reserveContact(ReserveContactRequest.newBuilder()
                .setContact(marketing("m-anon", Channel.CHANNEL_WEB, "mortgages")).setIdempotencyKey(key()).build());
        assertTrue(held.getGranted());
        ReserveContactResponse heldByKnown = g.stub.reserveContact(ReserveContactRequest.newBuilder()
                .setContact(marketing("m-known", Channel.CHANNEL_WEB, "cards")).setIdempotencyKey(key()).build());
        assertTrue(heldByKnown.getGranted());
        g.stub.setConsents(SetConsentsRequest.newBuilder().setPerson(PersonRef.newBuilder().setPersonId("m-anon"))
                .addChanges(ConsentChange.newBuilder().setChannel(Channel.CHANNEL_SMS)
                        .setPurpose(ConsentPurpose.CONSENT_PURPOSE_MARKETING)
                        .setStatus(ConsentStatus.CONSENT_STATUS_OPTED_OUT))
                .setSource("esp-unsubscribe").setIdempotencyKey(key()).build());

        MergePersonsRequest merge = MergePersonsRequest.newBuilder().setMergedPersonId("m-anon")
                .setSurvivorPersonId("m-known").setMergeId("merge-1").setRequestingSystem("identity-bridge")
                .setIdempotencyKey(key()).build();
        MergePersonsResponse merged = g.stub.mergePersons(merge);
        assertEquals("m-known", merged.getSurvivorPersonId());
        assertEquals(1, merged.getLedgerEntriesMoved());
        assertEquals(1, merged.getReservationsMoved());
        // Two contacts made plus two held exceed 2 per week: both held reservations compete and the
        // higher-ranked one (cards, priority 1) would win, but the two made already fill the cap.
        assertEquals(2, merged.getVoidedReservationIdsCount());
        assertEquals(ReservationState.RESERVATION_STATE_VOIDED, g.stub.getReservation(GetReservationRequest
                .newBuilder().setReservationId(held.getReservationId()).build()).getReservation().getState());
        assertEquals(ConsentStatus.CONSENT_STATUS_OPTED_OUT, merged.getConsents().getChannelConsents(0).getStatus());

        var history = g.stub.listContactHistory(ListContactHistoryRequest.newBuilder()
                .setPerson(PersonRef.newBuilder().setPersonId("m-anon")).build());
        assertEquals("m-known", history.getPersonId(), "a merged-away id resolves to the survivor");
        assertEquals(2, history.getEntriesCount());
        assertTrue(history.getEntriesList().stream().anyMatch(e -> e.getMergedFromPersonId().equals("m-anon")));
        var verdict = g.stub.checkEligibility(CheckEligibilityRequest.newBuilder()
                .setContact(marketing("m-anon", Channel.CHANNEL_EMAIL, "cards")).build()).getVerdict();
        assertFalse(verdict.getAllowed(), "the cap applies to the merged person");
        assertEquals("m-known", verdict.getPersonId());
        assertEquals(ConsentStatus.CONSENT_STATUS_OPTED_OUT, g.stub.getConsents(GetConsentsRequest.newBuilder()
                .setPerson(PersonRef.newBuilder().setPersonId("m-known")).build()).getConsents()
                .getChannelConsents(0).getStatus());

        assertTrue(g.stub.mergePersons(merge.toBuilder().setIdempotencyKey(key()).build()).getAlreadyMerged());
        var elsewhere = error(() -> g.stub.mergePersons(merge.toBuilder().setSurvivorPersonId("m-other")
                .setIdempotencyKey(key()).build()));
        assertEquals("PERSON_ALREADY_MERGED", reason(elsewhere));
        var self = error(() -> g.stub.mergePersons(merge.toBuilder().setSurvivorPersonId("m-anon")
                .setIdempotencyKey(key()).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, self.getStatus().getCode());
    }

    @Test
    @Order(3)
    void forgettingErasesThePersonAndEveryoneMergedIntoIt() {
        ForgetPersonRequest forget = ForgetPersonRequest.newBuilder().setPersonId("m-anon")
                .setReason(Reason.newBuilder().setCode("GDPR_ERASURE").setMessage("request 4711"))
                .setRequestingSystem("privacy-desk").setIdempotencyKey(key()).build();
        ForgetPersonResponse forgotten = g.stub.forgetPerson(forget);
        assertEquals(List.of("m-known", "m-anon"), forgotten.getForgottenPersonIdsList());
        assertEquals(2, forgotten.getLedgerEntriesErased());
        for (String id : List.of("m-known", "m-anon")) {
            var refused = error(() -> g.stub.listContactHistory(ListContactHistoryRequest.newBuilder()
                    .setPerson(PersonRef.newBuilder().setPersonId(id)).build()));
            assertEquals(Status.Code.NOT_FOUND, refused.getStatus().getCode(), "an erased id no longer exists");
            assertEquals("PERSON_NOT_FOUND", reason(refused));
        }
        var reserve = error(() -> g.stub.reserveContact(ReserveContactRequest.newBuilder()
                .setContact(marketing("m-known", Channel.CHANNEL_EMAIL, "cards")).setIdempotencyKey(key()).build()));
        assertEquals(Status.Code.NOT_FOUND, reserve.getStatus().getCode());
        assertEquals("PERSON_NOT_FOUND", reason(reserve));
        var mergeErased = error(() -> g.stub.mergePersons(MergePersonsRequest.newBuilder().setMergedPersonId("m-anon")
                .setSurvivorPersonId("m-other").setMergeId("merge-2").setRequestingSystem("identity-bridge")
                .setIdempotencyKey(key()).build()));
        assertEquals(Status.Code.NOT_FOUND, mergeErased.getStatus().getCode());
        assertEquals("PERSON_NOT_FOUND", reason(mergeErased));
        assertTrue(g.stub.forgetPerson(forget.toBuilder().setPersonId("m-known").setIdempotencyKey(key()).build())
                .getAlreadyForgotten());
        // a person governance holds nothing about (erased before any contact) is forgotten all the same,
        // so that a reservation for the erased id is refused rather than granted as for a stranger
        ForgetPersonResponse stranger = g.stub.forgetPerson(forget.toBuilder().setPersonId("never-contacted")
                .setIdempotencyKey(key()).build());
        assertEquals(List.of("never-contacted"), stranger.getForgottenPersonIdsList());
        assertEquals(0, stranger.getLedgerEntriesErased());
        var reserveStranger = error(() -> g.stub.reserveContact(ReserveContactRequest.newBuilder()
                .setContact(marketing("never-contacted", Channel.CHANNEL_EMAIL, "cards")).setIdempotencyKey(key())
                .build()));
        assertEquals(Status.Code.NOT_FOUND, reserveStranger.getStatus().getCode());
        assertEquals("PERSON_NOT_FOUND", reason(reserveStranger));
        var noReason = error(() -> g.stub.forgetPerson(forget.toBuilder().clearReason().setIdempotencyKey(key())
                .build()));
        assertEquals(List.of("reason.code"), fields(noReason));
    }

    @Test
    @Order(4)
    void aPersonIdentityStillResolvesButGovernanceErasedMeanwhileIsForgotten() throws Exception {
        // Identity answers the identifier with a person governance erased in the previous test: the
        // person was resolved during the request and turned out to be erased meanwhile.
        Server identity = ServerBuilder.forPort(19281).addService(new IdentityServiceGrpc.IdentityServiceImplBase() {
            @Override
            public void lookupPerson(LookupPersonRequest request, StreamObserver<LookupPersonResponse> response) {
                response.onNext(LookupPersonResponse.newBuilder().setPersonId("m-known").build());
                response.onCompleted();
            }
        }).build().start();
        try {
            var refused = error(() -> g.stub.listContactHistory(ListContactHistoryRequest.newBuilder()
                    .setPerson(PersonRef.newBuilder().setIdentifier(Identifier.newBuilder().setType("email")
                            .setValue("known@example.com")))
                    .build()));
            assertEquals(Status.Code.FAILED_PRECONDITION, refused.getStatus().getCode());
            assertEquals("PERSON_FORGOTTEN", reason(refused));
        } finally {
            identity.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(5)
    void theAnswersKeptForRetriesOfContactCallsAreErasedWithThePerson() {
        String person = "r-erased";
        ReserveContactResponse held = g.stub.reserveContact(ReserveContactRequest.newBuilder()
                .setContact(marketing(person, Channel.CHANNEL_EMAIL, "cards")).setIdempotencyKey(key()).build());
        assertTrue(held.getGranted());
        ReserveContactBatchResponse batch = g.stub.reserveContactBatch(ReserveContactBatchRequest.newBuilder()
                .addItems(item("push", marketing(person, Channel.CHANNEL_PUSH, "travel"), 100))
                .setIdempotencyKey(key()).build());
        assertEquals(1, batch.getGrantedCount());
        // the request names only the reservation: the answer is tied to the reservation's person
        CommitReservationRequest commit = CommitReservationRequest.newBuilder()
                .setReservationId(held.getReservationId()).setIdempotencyKey(key()).build();
        assertEquals(person, g.stub.commitReservation(commit).getEntry().getPersonId());
        g.stub.recordExternalContact(RecordExternalContactRequest.newBuilder()
                .setContact(contact(person, Channel.CHANNEL_PHONE, "cards", ContactCategory.CONTACT_CATEGORY_SERVICE))
                .setContactedAt(Governance.ts(Instant.now().minusSeconds(60)))
                .setInitialOutcome(ContactOutcome.CONTACT_OUTCOME_DELIVERED).setIdempotencyKey(key()).build());
        var kept = database.getCollection("idempotency");
        assertEquals(List.of("RecordExternalContact", "ReserveContactBatch"),
                kept.find(eq("persons", person)).map(d -> d.getString("_id").split(":")[0]).into(new ArrayList<>())
                        .stream().sorted().toList(),
                "the answers kept for retries name the person they concern");
        // a reserve's answer is kept in its reservation, a commit's in its reservation's closure (its
        // key, and the ledger entry it wrote)
        assertNotNull(database.getCollection("reservations").find(eq("_id", held.getReservationId())).first()
                .get("answer"));
        var closures = database.getCollection("reservation_closures");
        assertEquals(commit.getIdempotencyKey(),
                closures.find(eq("_id", held.getReservationId())).first().getString("commitKey"));

        g.stub.forgetPerson(ForgetPersonRequest.newBuilder().setPersonId(person)
                .setReason(Reason.newBuilder().setCode("GDPR_ERASURE")).setRequestingSystem("privacy-desk")
                .setIdempotencyKey(key()).build());

        for (Document left : kept.find()) {
            String id = left.getString("_id");
            if (id.startsWith("ForgetPerson:")) {
                continue; // the erasure's own proof, replayed to a retried erasure
            }
            Binary response = left.get("response", Binary.class);
            assertFalse(left.getList("persons", String.class, List.of()).contains(person)
                    || response != null && new String(response.getData(), StandardCharsets.ISO_8859_1).contains(person),
                    "no answer kept for a retry names the erased person: " + id);
        }
        assertNull(closures.find(eq("_id", held.getReservationId())).first(),
                "the closure that kept the commit's answer is erased with the person");
        var retried = error(() -> g.stub.commitReservation(commit));
        assertEquals(Status.Code.NOT_FOUND, retried.getStatus().getCode(),
                "a retry with a key used before the erasure runs anew and finds nothing of the person");
    }

    @Test
    @Order(6)
    void theAnswerKeptForARetriedReleaseIsErasedWithThePerson() {
        String person = "r-released-erased";
        ReserveContactResponse held = g.stub.reserveContact(ReserveContactRequest.newBuilder()
                .setContact(marketing(person, Channel.CHANNEL_EMAIL, "cards")).setIdempotencyKey(key()).build());
        assertTrue(held.getGranted());
        // the request names only the reservation: the answer is tied to the reservation's person
        ReleaseReservationRequest release = ReleaseReservationRequest.newBuilder()
                .setReservationId(held.getReservationId()).setReason(Reason.newBuilder().setCode("SEND_CANCELLED"))
                .setIdempotencyKey(key()).build();
        assertTrue(g.stub.releaseReservation(release).getReleased());
        var kept = database.getCollection("idempotency");
        Document answer = kept.find(eq("_id", "ReleaseReservation:" + release.getIdempotencyKey())).first();
        assertTrue(answer != null && answer.getList("persons", String.class, List.of()).contains(person),
                "the kept release answer names the reservation's person: " + answer);

        g.stub.forgetPerson(ForgetPersonRequest.newBuilder().setPersonId(person)
                .setReason(Reason.newBuilder().setCode("GDPR_ERASURE")).setRequestingSystem("privacy-desk")
                .setIdempotencyKey(key()).build());

        assertEquals(0, kept.countDocuments(eq("_id", "ReleaseReservation:" + release.getIdempotencyKey())),
                "the erasure deleted the answer kept for a retried release");
        var retried = error(() -> g.stub.releaseReservation(release));
        assertEquals(Status.Code.NOT_FOUND, retried.getStatus().getCode(),
                "a retry with the key used before the erasure runs anew and finds nothing of the person");
    }
}
