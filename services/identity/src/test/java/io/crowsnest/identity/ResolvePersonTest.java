package io.crowsnest.identity;

import static io.crowsnest.identity.Identities.error;
import static io.crowsnest.identity.Identities.fields;
import static io.crowsnest.identity.Identities.id;
import static io.crowsnest.identity.Identities.key;
import static io.crowsnest.identity.Identities.reason;
import static io.crowsnest.identity.Identities.request;
import static io.crowsnest.identity.Identities.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import io.crowsnest.common.v1.Identifier;
import io.crowsnest.identity.v1.GetIdentityRequest;
import io.crowsnest.identity.v1.IdentifierCardinality;
import io.crowsnest.identity.v1.IdentifierLinkStatus;
import io.crowsnest.identity.v1.IdentifierTypeRule;
import io.crowsnest.identity.v1.Identity;
import io.crowsnest.identity.v1.LinkedIdentifier;
import io.crowsnest.identity.v1.ListIdentifierTypesRequest;
import io.crowsnest.identity.v1.PersonKind;
import io.crowsnest.identity.v1.ResolvePersonRequest;
import io.crowsnest.identity.v1.ResolvePersonResponse;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** ResolvePerson, LookupPerson, GetIdentity and ListIdentifierTypes through a real gRPC client on real MongoDB. */
@QuarkusTest
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = true)
class ResolvePersonTest extends WithIdentityClient {

    @Inject
    MongoCommands mongo;

    @Test
    void anUnknownCookieCreatesAnAnonymousPersonThatTheSameCookieResolvesToAgain() {
        Identifier cookie = id("cookie", unique("ck-"));
        ResolvePersonResponse first = identity.resolve(cookie);
        assertTrue(first.getCreated());
        assertEquals(PersonKind.PERSON_KIND_ANONYMOUS, first.getKind());
        assertEquals(IdentifierLinkStatus.IDENTIFIER_LINK_STATUS_NEW, first.getIdentifiers(0).getStatus());

        ResolvePersonResponse again = identity.resolve(cookie);
        assertEquals(first.getPersonId(), again.getPersonId());
        assertFalse(again.getCreated());
        assertEquals(IdentifierLinkStatus.IDENTIFIER_LINK_STATUS_EXISTING, again.getIdentifiers(0).getStatus());
        assertEquals(first.getPersonId(), identity.lookup(cookie));
    }

    @Test
    void lastSeenMovesOnlyBeyondItsResolutionAndFirstSeenStillGoesBack() {
        Identifier cookie = id("cookie", unique("ck-"));
        Identifier crm = id("crm", unique("crm-"));
        Instant base = Instant.now().minus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS);
        String person = seenAt(base, cookie, crm).getPersonId();

        assertEquals(person, seenAt(base.plusSeconds(30), cookie, crm).getPersonId());
        assertSeen(person, base, base); // within the 60 s resolution: nothing written

        seenAt(base.plusSeconds(90), cookie, crm);
        assertSeen(person, base, base.plusSeconds(90));

        // a late event between the first and the last use (collectors' batches interleave): no write
        List<String> commands = mongo.during(() -> seenAt(base.plusSeconds(45), cookie, crm));
        assertEquals(List.of(), commands.stream().filter(c -> !c.startsWith("find ") && !c.endsWith(" idempotency"))
                .toList(), "writes of " + commands);
        assertTrue(commands.contains("find identifiers"), commands.toString());
        assertSeen(person, base, base.plusSeconds(90));

        seenAt(base.minus(Duration.ofDays(1)), cookie, crm); // an older event still moves first-seen back
        assertSeen(person, base.minus(Duration.ofDays(1)), base.plusSeconds(90));
    }

    private ResolvePersonResponse seenAt(Instant at, Identifier... ids) {
        return identity.stub.resolvePerson(request(key(), ids).toBuilder()
                .setObservedAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond())).build());
    }

    private void assertSeen(String person, Instant first, Instant last) {
        List<LinkedIdentifier> links = identity.identity(person).getIdentifiersList();
        assertEquals(2, links.size());
        for (LinkedIdentifier link : links) {
            assertEquals(first.getEpochSecond(), link.getFirstSeenAt().getSeconds(), link.getIdentifier().getType());
            assertEquals(last.getEpochSecond(), link.getLastSeenAt().getSeconds(), link.getIdentifier().getType());
        }
    }

    @Test
    void emailsMatchWhateverTheirCaseAndSurroundingSpaces() {
        String local = unique("jane.");
        ResolvePersonResponse first = identity.resolve(id("email", " " + local.toUpperCase() + "@Example.COM  "));
        assertEquals(PersonKind.PERSON_KIND_KNOWN, first.getKind());
        ResolvePersonResponse again = identity.resolve(id("email", local + "@example.com"));
        assertEquals(first.getPersonId(), again.getPersonId());
        assertFalse(again.getCreated());
    }

    @Test
    void aNationalPhoneNumberInTheDefaultRegionMatchesItsE164Form() {
        // 06 12 xx xx xx lies in an allocated French mobile range; not every 06 prefix does (06 9x mostly not).
        String digits = "12" + String.valueOf(100_000 + (long) (Math.random() * 899_999)); // 8 digits
        ResolvePersonResponse national = identity.resolve(id("phone", "06 " + digits));
        ResolvePersonResponse e164 = identity.resolve(id("phone", "+336" + digits));
        assertEquals(national.getPersonId(), e164.getPersonId());
        assertTrue(national.getCreated());
        assertFalse(e164.getCreated());
        String masked = e164.getIdentifiers(0).getIdentifier().getMaskedValue();
        assertTrue(masked.startsWith("+33 6"), masked);
        assertFalse(masked.contains(digits.substring(0, 6)), masked);
    }

    @Test
    void badIdentifiersAreRefusedWithTheirFieldPathAndNothingIsCreated() {
        Identifier cookie = id("cookie", unique("ck-"));
        assertInvalid(request(key(), cookie, id("email", "jane.example.com")), "identifiers[1].value",
                "IDENTIFIER_INVALID");
        assertInvalid(request(key(), cookie, id("email", "jane doe@example.com")), "identifiers[1].value",
                "IDENTIFIER_INVALID");
        assertInvalid(request(key(), cookie, id("phone", "0612")), "identifiers[1].value", "IDENTIFIER_INVALID");
        assertInvalid(request(key(), cookie, id("fax", "+33123456789")), "identifiers[1].type",
                "IDENTIFIER_TYPE_UNKNOWN");
        assertInvalid(request(key(), cookie, id("loyalty", "L-123456")), "identifiers[1].namespace",
                "IDENTIFIER_INVALID");
        assertInvalid(request(key()), "identifiers", "");
        assertInvalid(request("", cookie), "idempotency_key", "");
        assertInvalid(request(key(), cookie).toBuilder().setRequestingSystem("Profile!").build(), "requesting_system",
                "");

        StatusRuntimeException e = error(() -> identity.lookup(cookie));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    }

    private void assertInvalid(ResolvePersonRequest request, String field, String reason) {
        StatusRuntimeException e = error(() -> identity.stub.resolvePerson(request));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(List.of(field), fields(e));
        if (!reason.isEmpty()) {
            assertEquals(reason, reason(e));
        }
    }

    @Test
    void lookingUpAnIdentifierNobodyHoldsIsNotFound() {
        StatusRuntimeException e = error(() -> identity.lookup(id("crm", unique("CRM-"))));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals("PERSON_NOT_FOUND", reason(e));

        StatusRuntimeException invalid = error(() -> identity.lookup(id("email", "nobody")));
        assertEquals(List.of("identifier.value"), fields(invalid));
    }

    @Test
    void anIdentityShowsMaskedIdentifiersOnly() {
        String email = unique("jane.doe.") + "@example.com";
        Identifier cookie = id("cookie", unique("ck-"));
        ResolvePersonResponse resolved = identity.resolve(cookie, id("email", email));
        assertEquals(PersonKind.PERSON_KIND_KNOWN, resolved.getKind());

        Identity person = identity.stub.getIdentity(GetIdentityRequest.newBuilder()
                .setPersonId(resolved.getPersonId()).build()).getIdentity();
        assertEquals(resolved.getPersonId(), person.getPersonId());
        assertEquals(PersonKind.PERSON_KIND_KNOWN, person.getKind());
        assertTrue(person.hasCreatedAt());
        assertEquals(2, person.getIdentifiersCount());
        assertFalse(person.toString().contains(email), person.toString());
        assertFalse(person.toString().contains(email.substring(0, email.indexOf('@'))), person.toString());
        assertFalse(resolved.toString().contains(email), resolved.toString());
        assertTrue(person.getIdentifiersList().stream()
                .anyMatch(l -> l.getIdentifier().getMaskedValue().equals("j***@example.com")
                        && l.getCardinality() == IdentifierCardinality.IDENTIFIER_CARDINALITY_UNIQUE),
                person.toString());

        StatusRuntimeException e = error(() -> identity.stub.getIdentity(
                GetIdentityRequest.newBuilder().setPersonId("no-such-person").build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals("PERSON_NOT_FOUND", reason(e));
    }

    @Test
    void concurrentResolvesOfOneNewEmailEndWithOnePerson() throws Exception {
        Identifier email = id("email", unique("race.") + "@example.com");
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ResolvePersonResponse>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return identity.resolve(email, id("cookie", unique("ck-")));
                }));
            }
            start.countDown();
            Set<String> persons = new HashSet<>();
            int created = 0;
            for (Future<ResolvePersonResponse> answer : answers) {
                ResolvePersonResponse r = answer.get(60, TimeUnit.SECONDS);
                persons.add(r.getPersonId());
                created += r.getCreated() ? 1 : 0;
            }
            assertEquals(1, persons.size(), persons.toString());
            assertEquals(1, created);
            String person = persons.iterator().next();
            assertEquals(person, identity.lookup(email));
            Identity identityOf = identity.stub.getIdentity(GetIdentityRequest.newBuilder().setPersonId(person)
                    .build()).getIdentity();
            assertEquals(threads + 1, identityOf.getIdentifiersCount(), "the email and every request's cookie");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSameIdempotencyKeyReturnsTheFirstResponse() {
        String key = key();
        ResolvePersonRequest request = request(key, id("cookie", unique("ck-")));
        ResolvePersonResponse first = identity.stub.resolvePerson(request);
        ResolvePersonResponse replay = identity.stub.resolvePerson(request);
        assertEquals(first, replay);
        assertTrue(replay.getCreated());

        StatusRuntimeException e = error(() -> identity.stub.resolvePerson(request(key, id("cookie", unique("ck-")))));
        assertEquals(Status.Code.ALREADY_EXISTS, e.getStatus().getCode());
        assertEquals("IDEMPOTENCY_KEY_REUSED", reason(e));
    }

    @Test
    void twoKnownPersonsAreNotMergedButReportedInConflict() {
        Identifier email = id("email", unique("a.") + "@example.com");
        Identifier crm = id("crm", unique("CRM-"));
        String owner = identity.resolve(email).getPersonId();
        String other = identity.resolve(crm).getPersonId();

        ResolvePersonResponse both = identity.resolve(email, crm);
        assertEquals(owner, both.getPersonId());
        assertEquals(IdentifierLinkStatus.IDENTIFIER_LINK_STATUS_EXISTING, both.getIdentifiers(0).getStatus());
        assertEquals(IdentifierLinkStatus.IDENTIFIER_LINK_STATUS_CONFLICT, both.getIdentifiers(1).getStatus());
        assertEquals(List.of(other), both.getIdentifiers(1).getOtherPersonIdsList());
        assertEquals(other, identity.lookup(crm));
    }

    @Test
    void aSharedDeviceIsLinkedToBothKnownPersonsAndMergesNobody() {
        Identifier device = id("device", unique("dev-"));
        String first = identity.resolve(id("email", unique("mum.") + "@example.com"), device).getPersonId();
        ResolvePersonResponse second = identity.resolve(id("email", unique("kid.") + "@example.com"), device);
        assertTrue(second.getCreated());
        assertFalse(first.equals(second.getPersonId()));
        assertEquals(IdentifierLinkStatus.IDENTIFIER_LINK_STATUS_SHARED, second.getIdentifiers(1).getStatus());
        assertEquals(List.of(first), second.getIdentifiers(1).getOtherPersonIdsList());
        assertEquals(second.getPersonId(), identity.lookup(device), "the most recent user");
    }

    @Test
    void theConfiguredIdentifierTypesAreListedWithTheirRules() {
        List<IdentifierTypeRule> types = identity.stub.listIdentifierTypes(ListIdentifierTypesRequest.getDefaultInstance())
                .getIdentifierTypesList();
        assertEquals(List.of("cookie", "device", "email", "phone", "crm", "loyalty", "social", "account"),
                types.stream().map(IdentifierTypeRule::getType).toList());
        assertEquals(IdentifierCardinality.IDENTIFIER_CARDINALITY_SHAREABLE, types.get(1).getCardinality());
        assertEquals(IdentifierCardinality.IDENTIFIER_CARDINALITY_UNIQUE, types.get(2).getCardinality());
        assertTrue(types.get(2).getMarksKnown());
    }
}
