package io.crowsnest.identity;

import static io.crowsnest.identity.Identities.error;
import static io.crowsnest.identity.Identities.fields;
import static io.crowsnest.identity.Identities.id;
import static io.crowsnest.identity.Identities.key;
import static io.crowsnest.identity.Identities.request;
import static io.crowsnest.identity.Identities.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.ItemError;
import io.crowsnest.common.v1.ItemFieldViolation;
import io.crowsnest.identity.v1.IdentifierLinkStatus;
import io.crowsnest.identity.v1.Identity;
import io.crowsnest.identity.v1.LinkedIdentifier;
import io.crowsnest.identity.v1.MergeRecord;
import io.crowsnest.identity.v1.ResolvePersonRequest;
import io.crowsnest.identity.v1.ResolvePersonResponse;
import io.crowsnest.identity.v1.ResolvePersonResult;
import io.crowsnest.identity.v1.ResolvePersonsRequest;
import io.crowsnest.identity.v1.ResolvePersonsResponse;
import io.crowsnest.identity.v1.ResolvedIdentifier;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** ResolvePersons through a real gRPC client on real MongoDB, item by item against ResolvePerson. */
@QuarkusTest
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = true)
class ResolvePersonsTest extends WithIdentityClient {

    @Inject
    MongoCommands mongo;

    /**
     * One setup and batch of requests, built on identifiers no other run uses, so that single
     * calls and a batch can each play it on fresh state.
     */
    private static final class Scenario {
        final Identifier repeatCookie = id("cookie", unique("ck-"));
        final Identifier newCookie = id("cookie", unique("ck-"));
        final Identifier email = id("email", unique("jane.") + "@example.com");
        final Identifier replayedCookie = id("cookie", unique("ck-"));
        final String replayedKey = key();
        final String batchKey = key();
        final List<String> setupPersons = new ArrayList<>();

        void setUp(Identities identity) {
            setupPersons.add(identity.resolve(repeatCookie).getPersonId());
            setupPersons.add(identity.resolve(email).getPersonId());
            setupPersons.add(identity.stub.resolvePerson(request(replayedKey, replayedCookie)).getPersonId());
        }

        List<ResolvePersonRequest> requests() {
            return List.of(
                    request(batchKey, newCookie), // a new cookie: created
                    request(key(), repeatCookie), // a repeat visitor
                    request(key(), newCookie), // the same new cookie: the person item 0 created
                    request(key(), newCookie, email), // links: item 0's anonymous person merged into the known one
                    request(key(), newCookie, id("email", "jane.example.com")), // malformed email
                    request(key(), id("fax", "+33123456789")), // unknown identifier type
                    request(replayedKey, id("cookie", unique("ck-"))), // key reused with other identifiers
                    request(replayedKey, replayedCookie), // the setup's request replayed
                    request(key(), newCookie), // the merge of item 3 seen: the survivor
                    request(batchKey, newCookie), // a key of this batch replayed
                    request(batchKey, repeatCookie), // a key of this batch reused
                    request(key(), newCookie).toBuilder().setRequestingSystem("Profile!").build());
        }
    }

    @Test
    void aMixedBatchAnswersItemByItemWhatResolvePersonAnswers() {
        Scenario singles = new Scenario();
        singles.setUp(identity);
        List<ResolvePersonResult> expected = new ArrayList<>();
        for (ResolvePersonRequest request : singles.requests()) {
            try {
                expected.add(ResolvePersonResult.newBuilder().setResolved(identity.stub.resolvePerson(request))
                        .build());
            } catch (StatusRuntimeException e) {
                expected.add(ResolvePersonResult.newBuilder().setError(ItemError.newBuilder()
                        .setCode(e.getStatus().getCode().value()).setReason(Identities.reason(e))
                        .addAllFieldViolations(fields(e).stream()
                                .map(f -> ItemFieldViolation.newBuilder().setField(f).build()).toList()))
                        .build());
            }
        }

        Scenario batch = new Scenario();
        batch.setUp(identity);
        List<ResolvePersonResult> actual = resolveAll(batch.requests()).getResultsList();

        assertEquals(shape(singles.setupPersons, expected), shape(batch.setupPersons, actual));
        assertTrue(actual.get(0).getResolved().getCreated());
        assertEquals(actual.get(0).getResolved().getPersonId(), actual.get(2).getResolved().getPersonId());
        assertFalse(actual.get(2).getResolved().getCreated());
        assertTrue(actual.get(3).getResolved().getMerged());
        assertEquals(batch.setupPersons.get(1), actual.get(8).getResolved().getPersonId());
        assertEquals(batch.setupPersons.get(1), identity.lookup(batch.newCookie));
        assertEquals("IDENTIFIER_INVALID", actual.get(4).getError().getReason());
        assertEquals("identifiers[1].value", actual.get(4).getError().getFieldViolations(0).getField());
        assertEquals("IDENTIFIER_TYPE_UNKNOWN", actual.get(5).getError().getReason());
        assertEquals(Status.Code.ALREADY_EXISTS.value(), actual.get(6).getError().getCode());
        assertEquals("IDEMPOTENCY_KEY_REUSED", actual.get(6).getError().getReason());
        assertEquals(batch.setupPersons.get(2), actual.get(7).getResolved().getPersonId());
        assertTrue(actual.get(7).getResolved().getCreated());
        assertEquals(actual.get(0).getResolved(), actual.get(9).getResolved());
        assertEquals("IDEMPOTENCY_KEY_REUSED", actual.get(10).getError().getReason());
        assertEquals("requesting_system", actual.get(11).getError().getFieldViolations(0).getField());
    }

    @Test
    void replayingABatchReturnsTheSameResultsAndCreatesNothingMore() {
        Identifier known = id("cookie", unique("ck-"));
        String knownPerson = identity.resolve(known).getPersonId();
        List<Identifier> fresh = List.of(id("cookie", unique("ck-")), id("crm", unique("crm-")),
                id("email", unique("joe.") + "@example.com"));
        List<ResolvePersonRequest> requests = new ArrayList<>();
        fresh.forEach(i -> requests.add(request(key(), i)));
        requests.add(request(key(), known));
        requests.add(request(key(), fresh.get(0), fresh.get(1)));

        ResolvePersonsResponse first = resolveAll(requests);
        ResolvePersonsResponse again = resolveAll(requests);

        assertEquals(first, again);
        assertEquals(knownPerson, first.getResults(3).getResolved().getPersonId());
        for (int i = 0; i < fresh.size(); i++) {
            assertTrue(first.getResults(i).getResolved().getCreated());
        }
        // the cookie's person took the new crm id: merged into nobody, one person for both
        String person = first.getResults(4).getResolved().getPersonId();
        assertEquals(person, identity.lookup(fresh.get(0)));
        assertEquals(person, identity.lookup(fresh.get(1)));
        assertEquals(first.getResults(2).getResolved().getPersonId(), identity.lookup(fresh.get(2)));
    }

    @Test
    void aBatchOfRepeatVisitorsResolvesEachToItsPersonAndMovesNoLastSeen() {
        Instant base = Instant.now().minusSeconds(3600);
        Map<Identifier, String> visitors = new LinkedHashMap<>();
        List<ResolvePersonRequest> requests = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Identifier cookie = id("cookie", unique("ck-"));
            ResolvePersonRequest seen = seenAt(request(key(), cookie), base);
            visitors.put(cookie, identity.stub.resolvePerson(seen).getPersonId());
            requests.add(seenAt(request(key(), cookie), base.plusSeconds(30)));
        }

        List<ResolvePersonResult> results = new ArrayList<>();
        List<String> commands = mongo.during(() -> results.addAll(resolveAll(requests).getResultsList()));

        // claim the keys, read the identifiers, read their persons, store the responses: nothing else
        assertEquals(List.of("insert idempotency", "find identifiers", "find persons", "update idempotency"),
                commands);
        List<String> persons = new ArrayList<>(visitors.values());
        for (int i = 0; i < results.size(); i++) {
            ResolvePersonResponse resolved = results.get(i).getResolved();
            assertEquals(persons.get(i), resolved.getPersonId());
            assertFalse(resolved.getCreated());
            assertEquals(IdentifierLinkStatus.IDENTIFIER_LINK_STATUS_EXISTING, resolved.getIdentifiers(0).getStatus());
        }
        LinkedIdentifier link = identity.identity(persons.get(0)).getIdentifiers(0);
        assertEquals(base.getEpochSecond(), link.getLastSeenAt().getSeconds());
    }

    @Test
    void aBatchHoldsOneToFiveHundredRequests() {
        assertRefused(List.of());
        List<ResolvePersonRequest> tooMany = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            tooMany.add(request(key(), id("cookie", "ck-" + i)));
        }
        assertRefused(tooMany);
    }

    @Test
    void concurrentBatchesOverTheSameVisitorsEndWithOneSurvivorEachHoldingEveryIdentifier() throws Exception {
        int visitors = 10;
        List<Identifier> cookies = new ArrayList<>();
        List<Identifier> emails = new ArrayList<>();
        for (int v = 0; v < visitors; v++) {
            cookies.add(id("cookie", unique("ck-")));
            emails.add(id("email", unique("visitor.") + "@example.com"));
        }
        List<Callable<ResolvePersonsResponse>> batches = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            List<ResolvePersonRequest> batch = new ArrayList<>();
            for (int v = 0; v < visitors; v++) {
                batch.add(request(key(), cookies.get(v)));
                batch.add(request(key(), cookies.get(v), emails.get(v)));
                batch.add(request(key(), emails.get(v)));
            }
            Collections.shuffle(batch, new Random(b));
            batches.add(() -> resolveAll(batch));
        }

        List<ResolvePersonsResponse> answers = MergeTest.concurrently(batches);

        Set<String> roots = new HashSet<>();
        for (int v = 0; v < visitors; v++) {
            String root = identity.lookup(emails.get(v));
            assertEquals(root, identity.lookup(cookies.get(v)), "visitor " + v + ": cookie and email on one person");
            Identity held = identity.identity(root);
            assertTrue(MergeTest.holds(held, "cookie") && MergeTest.holds(held, "email"), held.toString());
            roots.add(root);
        }
        assertEquals(visitors, roots.size(), "one survivor per visitor");
        for (ResolvePersonsResponse answer : answers) {
            for (ResolvePersonResult result : answer.getResultsList()) {
                assertTrue(result.hasResolved(), result.toString());
                String root = identity.identity(result.getResolved().getPersonId()).getPersonId();
                assertTrue(roots.contains(root), "every answer resolves to a survivor: " + result);
            }
        }
    }

    private void assertRefused(List<ResolvePersonRequest> requests) {
        StatusRuntimeException e = error(() -> resolveAll(requests));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(List.of("requests"), fields(e));
    }

    private ResolvePersonsResponse resolveAll(List<ResolvePersonRequest> requests) {
        ResolvePersonsResponse response = identity.stub.resolvePersons(
                ResolvePersonsRequest.newBuilder().addAllRequests(requests).build());
        assertEquals(requests.size(), response.getResultsCount());
        return response;
    }

    private static ResolvePersonRequest seenAt(ResolvePersonRequest request, Instant at) {
        return request.toBuilder().setObservedAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond())).build();
    }

    /**
     * The results with person ids replaced by the order in which they first appear (setup persons
     * first), merge ids and messages left out: what two runs on fresh state must agree on.
     */
    private static List<String> shape(List<String> setupPersons, List<ResolvePersonResult> results) {
        Map<String, Integer> labels = new LinkedHashMap<>();
        setupPersons.forEach(p -> labels.putIfAbsent(p, labels.size()));
        List<String> shapes = new ArrayList<>();
        for (ResolvePersonResult result : results) {
            if (result.hasError()) {
                shapes.add("error " + result.getError().getCode() + " " + result.getError().getReason() + " "
                        + result.getError().getFieldViolationsList().stream().map(ItemFieldViolation::getField)
                                .toList());
                continue;
            }
            ResolvePersonResponse r = result.getResolved();
            StringBuilder s = new StringBuilder("person " + label(labels, r.getPersonId()) + " " + r.getKind()
                    + " created=" + r.getCreated() + " merged=" + r.getMerged());
            for (MergeRecord m : r.getMergesList()) {
                s.append(" merge ").append(label(labels, m.getMergedPersonId())).append("->")
                        .append(label(labels, m.getSurvivorPersonId()));
            }
            for (ResolvedIdentifier i : r.getIdentifiersList()) {
                s.append(" ").append(i.getStatus()).append(" others=")
                        .append(i.getOtherPersonIdsList().stream().map(p -> label(labels, p)).toList());
            }
            shapes.add(s.toString());
        }
        return shapes;
    }

    private static int label(Map<String, Integer> labels, String personId) {
        return labels.computeIfAbsent(personId, p -> labels.size());
    }
}
