package io.crowsnest.platform.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.identity.v1.ForgetPersonRequest;
import io.crowsnest.identity.v1.LinkPersonsRequest;
import io.crowsnest.identity.v1.LinkPersonsResponse;
import io.crowsnest.identity.v1.ResolvePersonRequest;
import io.crowsnest.identity.v1.ResolvePersonResponse;
import io.crowsnest.localstack.LocalMongo;
import io.crowsnest.profile.v1.UpdateAttributesRequest;
import io.crowsnest.profile.v1.UpdateAttributesResponse;
import io.crowsnest.platform.grpc.ContentHash;

/**
 * Idempotency records name the persons their request and response concern, so that an erasure
 * deletes them (a replay afterwards runs afresh, answering nothing kept of the erased person), and
 * they expire after the retention: on a real MongoDB wire-protocol server.
 */
class IdempotencyErasureTest {

    private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");

    private LocalMongo mongo;
    private MongoClient client;
    private Idempotency idempotency;
    private IdempotencyStore store;

    @BeforeEach
    void start() {
        mongo = LocalMongo.inMemory(0);
        client = MongoClients.create(mongo.connectionString());
        store = new IdempotencyStore();
        store.database = client.getDatabase("idempotency-test");
        store.lease = Duration.ofSeconds(30);
        store.retention = Duration.ofDays(30);
        store.init();
        idempotency = new Idempotency();
        idempotency.store = store;
        idempotency.clock = Clock.fixed(T0, ZoneOffset.UTC);
    }

    @AfterEach
    void stop() {
        client.close();
        mongo.close();
    }

    @Test
    void aRecordNamesThePersonsOfItsRequestAndResponseAndTheirErasureDeletesIt() {
        ResolvePersonRequest resolve = ResolvePersonRequest.newBuilder().setIdempotencyKey("k1").build();
        int[] runs = new int[1];
        ResolvePersonResponse first = idempotency.once("ResolvePerson", "k1", resolve, ResolvePersonResponse.parser(),
                () -> answer(runs, "person-a"));
        LinkPersonsRequest link = LinkPersonsRequest.newBuilder().setPersonId("person-b")
                .setOtherPersonId("person-c").setIdempotencyKey("k2").build();
        idempotency.once("LinkPersons", "k2", link, LinkPersonsResponse.parser(),
                () -> LinkPersonsResponse.newBuilder().setSurvivorPersonId("person-b").build());

        assertEquals(List.of("person-a"), persons("ResolvePerson:k1"), "from the response");
        assertEquals(List.of("person-b", "person-c"), persons("LinkPersons:k2"), "from request and response");
        assertEquals(first, idempotency.once("ResolvePerson", "k1", resolve, ResolvePersonResponse.parser(),
                () -> answer(runs, "person-z")), "a retry replays the first answer");
        assertEquals(1, runs[0]);

        assertEquals(1, idempotency.forget(List.of("person-a", "person-unknown")));
        assertEquals(0, store.database.getCollection("idempotency").countDocuments(new Document("_id",
                "ResolvePerson:k1")), "nothing of the erased person is kept");
        assertEquals(List.of("person-b", "person-c"), persons("LinkPersons:k2"), "others' records stay");
        ResolvePersonResponse replay = idempotency.once("ResolvePerson", "k1", resolve,
                ResolvePersonResponse.parser(), () -> answer(runs, "person-new"));
        assertEquals("person-new", replay.getPersonId(), "a replay after the erasure runs afresh");
        assertEquals(2, runs[0]);
    }

    @Test
    void aPersonNamedByReferenceInTheRequestIsNamedToo() {
        UpdateAttributesRequest update = UpdateAttributesRequest.newBuilder()
                .setPerson(PersonRef.newBuilder().setPersonId("person-ref")).setIdempotencyKey("k3").build();
        idempotency.once("UpdateAttributes", "k3", update, UpdateAttributesResponse.parser(),
                () -> UpdateAttributesResponse.newBuilder().setPersonId("person-survivor").build());
        assertEquals(List.of("person-ref", "person-survivor"), persons("UpdateAttributes:k3"));
    }

    @Test
    void personsTheNamingRuleCannotFindAreNamedByTheCallerAndErasedAlike() {
        ResolvePersonRequest request = ResolvePersonRequest.newBuilder().setIdempotencyKey("k4").build();
        idempotency.once("ResolvePerson", "k4", request, ResolvePersonResponse.parser(),
                () -> ResolvePersonResponse.newBuilder().setPersonId("person-found").build(),
                answer -> List.of("person-inside", "", "person-found"));
        assertEquals(List.of("person-found", "person-inside"), persons("ResolvePerson:k4"),
                "the rule's persons, then the caller's, blank and repeated ones left out");
        assertEquals(1, idempotency.forget(List.of("person-inside")));
    }

    @Test
    void theItemsOfABatchAreTaggedEachWithItsOwnPersons() {
        List<ForgetPersonRequest> requests = List.of(ForgetPersonRequest.newBuilder().setPersonId("p1").build(),
                ForgetPersonRequest.newBuilder().setPersonId("p2").build());
        OnceEach<ResolvePersonResponse> each = idempotency.each("Batch", List.of("b1", "b2"), requests,
                ResolvePersonResponse.parser());
        int[] runs = new int[1];
        each.run(0, () -> answer(runs, "p1"));
        each.run(1, () -> answer(runs, "p2"));
        each.store();
        assertEquals(List.of("p1"), persons("Batch:b1"));
        assertEquals(List.of("p2"), persons("Batch:b2"));
        assertEquals(1, idempotency.forget(List.of("p2")));
        assertEquals(List.of("p1"), persons("Batch:b1"));
    }

    @Test
    void aRecordExpiresAfterTheRetentionAndNotBefore() {
        ResolvePersonRequest resolve = ResolvePersonRequest.newBuilder().setIdempotencyKey("old").build();
        int[] runs = new int[1];
        idempotency.once("ResolvePerson", "old", resolve, ResolvePersonResponse.parser(), () -> answer(runs, "p"));

        assertEquals(0, store.expire(T0.plus(Duration.ofDays(30)).minusSeconds(1)), "kept within the retention");
        assertInstanceOf(IdempotencyStore.Done.class, store.claim("ResolvePerson", "old", ContentHash.of(resolve),
                T0.plus(Duration.ofDays(29))), "a retry within it replays");
        assertEquals(1, store.expire(T0.plus(Duration.ofDays(30)).plusSeconds(1)), "deleted after it");
        assertEquals(0, store.database.getCollection("idempotency").countDocuments());
    }

    private static ResolvePersonResponse answer(int[] runs, String person) {
        runs[0]++;
        return ResolvePersonResponse.newBuilder().setPersonId(person).build();
    }

    @SuppressWarnings("unchecked")
    private List<String> persons(String id) {
        Document record = store.database.getCollection("idempotency").find(new Document("_id", id)).first();
        return record == null ? List.of() : (List<String>) record.get("persons");
    }
}
