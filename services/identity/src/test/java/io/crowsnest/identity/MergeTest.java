package io.crowsnest.identity;

import static io.crowsnest.identity.Identities.because;
import static io.crowsnest.identity.Identities.error;
import static io.crowsnest.identity.Identities.fields;
import static io.crowsnest.identity.Identities.id;
import static io.crowsnest.identity.Identities.key;
import static io.crowsnest.identity.Identities.reason;
import static io.crowsnest.identity.Identities.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.identity.v1.GetDeliveryAddressesRequest;
import io.crowsnest.identity.v1.GetDeliveryAddressesResponse;
import io.crowsnest.identity.v1.Identity;
import io.crowsnest.identity.v1.LinkPersonsRequest;
import io.crowsnest.identity.v1.LinkPersonsResponse;
import io.crowsnest.identity.v1.LinkedIdentifier;
import io.crowsnest.identity.v1.MergeRecord;
import io.crowsnest.identity.v1.MergeTrigger;
import io.crowsnest.identity.v1.PersonKind;
import io.crowsnest.identity.v1.ResolvePersonResponse;
import io.crowsnest.identity.v1.UnmergePersonsRequest;
import io.crowsnest.identity.v1.UnmergePersonsResponse;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Merges (by resolve and by link), unmerges and delivery addresses, through real gRPC on real MongoDB. */
@QuarkusTest
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = true)
class MergeTest extends WithIdentityClient {

    @Inject
    MongoCommands mongo;
    @Inject
    MongoDatabase database;

    /** A tree of two levels: a visitor merged into a customer, then the customer into an older known person. */
    private record Tree(String older, String customer, String visitor, Identity identity) {
    }

    private Tree twoLevels() {
        Identifier email = id("email", unique("elder.") + "@example.com");
        Identifier crm = id("crm", unique("CRM-"));
        Identifier cookie = id("cookie", unique("ck-"));
        String older = identity.resolve(email).getPersonId();
        String customer = identity.resolve(crm).getPersonId();
        String visitor = identity.resolve(cookie).getPersonId();
        assertTrue(identity.resolve(cookie, crm).getMerged());
        assertEquals(older, identity.resolveAuthenticated(crm, email).getPersonId());
        return new Tree(older, customer, visitor, identity.identity(older));
    }

    @Test
    void anIdentityIsReadByIdOnlyInOneCommandForAPersonNobodyWasMergedIntoAndOneMorePerLevelAndForTheLineage() {
        String alone = identity.resolve(id("crm", unique("CRM-"))).getPersonId();
        List<MongoCommands.Command> read = mongo.all(() -> identity.identity(alone));
        assertEquals(List.of("find persons by [_id]"), read.stream().map(Object::toString).toList());

        Tree tree = twoLevels();
        assertEquals(List.of(tree.customer(), tree.visitor()), tree.identity().getMergedPersonIdsList());
        assertEquals(2, tree.identity().getLineageCount());
        assertEquals(3, tree.identity().getIdentifiersCount());
        // the root, the level of the customer, the level of the visitor, the lineage
        read = mongo.all(() -> assertEquals(tree.identity(), identity.identity(tree.older())));
        assertEquals(4, read.size(), read.toString());
        assertReadByIdOnly(read);
        // from the visitor: its chain up to the root (visitor, customer, older), then the same
        read = mongo.all(() -> assertEquals(tree.identity(), identity.identity(tree.visitor())));
        assertEquals(6, read.size(), read.toString());
        assertReadByIdOnly(read);
    }

    @Test
    void personsStoredBeforeTheirTreeWasKeptAreReadTheSameAndKeepItFromTheirFirstRead() {
        Tree tree = twoLevels();
        // as a version that did not keep the tree in the survivors stored them
        database.getCollection("persons").updateMany(
                Filters.in("_id", List.of(tree.older(), tree.customer(), tree.visitor())),
                new Document("$unset", new Document("mergedFrom", "").append("survived", "").append("treeKept", "")));

        List<MongoCommands.Command> first = mongo.all(() -> assertEquals(tree.identity(), identity.identity(tree.older())));
        assertTrue(first.stream().anyMatch(c -> c.filtered().contains("mergedInto")), first.toString());
        assertTrue(first.stream().anyMatch(c -> c.filtered().contains("survivor")), first.toString());
        List<MongoCommands.Command> then = mongo.all(() -> assertEquals(tree.identity(), identity.identity(tree.older())));
        assertEquals(4, then.size(), then.toString());
        assertReadByIdOnly(then);

        // kept from then on through merges and unmerges
        String latecomer = identity.resolve(id("cookie", unique("ck-"))).getPersonId();
        MergeRecord merge = identity.link(tree.visitor(), latecomer).getMerge();
        assertEquals(Set.of(tree.customer(), tree.visitor(), latecomer),
                Set.copyOf(identity.identity(tree.older()).getMergedPersonIdsList()));
        identity.unmerge(merge.getMergeId());
        Identity after = identity.identity(tree.older());
        assertEquals(List.of(tree.customer(), tree.visitor()), after.getMergedPersonIdsList());
        assertEquals(3, after.getLineageCount(), "a reversed merge stays in the lineage");
        assertEquals(latecomer, identity.identity(latecomer).getPersonId());
    }

    private static void assertReadByIdOnly(List<MongoCommands.Command> commands) {
        for (MongoCommands.Command command : commands) {
            assertEquals("find", command.name(), commands.toString());
            assertEquals(Set.of("_id"), command.filtered(), commands.toString());
        }
    }

    @Test
    void aLoginMergesTheAnonymousVisitorIntoTheKnownCustomerAndKeepsLineage() {
        Identifier cookie = id("cookie", unique("ck-"));
        Identifier crm = id("crm", unique("CRM-"));
        String visitor = identity.resolve(cookie).getPersonId();
        String customer = identity.resolve(crm).getPersonId();

        ResolvePersonResponse login = identity.resolve(cookie, crm);
        assertEquals(customer, login.getPersonId());
        assertTrue(login.getMerged());
        MergeRecord merge = login.getMerges(0);
        assertEquals(customer, merge.getSurvivorPersonId());
        assertEquals(visitor, merge.getMergedPersonId());
        assertEquals(MergeTrigger.MERGE_TRIGGER_RESOLVE, merge.getTrigger());
        assertEquals("RESOLVE_ANONYMOUS", merge.getReason().getCode());
        assertEquals("evt-1", merge.getRequestId());
        assertTrue(merge.getChangeOffset() > 0);
        assertEquals("cookie", merge.getMovedIdentifiers(0).getType());

        assertEquals(customer, identity.lookup(cookie));
        Identity merged = identity.identity(visitor);
        assertEquals(customer, merged.getPersonId(), "a merged-away id resolves to the survivor");
        assertEquals(List.of(visitor), merged.getMergedPersonIdsList());
        assertEquals(2, merged.getIdentifiersCount());
        assertEquals(List.of(merge.getMergeId()), merged.getLineageList().stream().map(MergeRecord::getMergeId).toList());
        assertTrue(merged.getIdentifiersList().stream().anyMatch(l -> l.getLinkedViaPersonId().equals(visitor)));
    }

    @Test
    void anAuthenticatedRequestMergesTheYoungerKnownPersonIntoTheOlderAnObservedOneDoesNot() {
        Identifier email = id("email", unique("older.") + "@example.com");
        Identifier crm = id("crm", unique("CRM-"));
        String older = identity.resolve(email).getPersonId();
        String younger = identity.resolve(crm).getPersonId();

        assertFalse(identity.resolve(crm, email).getMerged(), "observed evidence never merges two known persons");
        ResolvePersonResponse login = identity.resolveAuthenticated(crm, email);
        assertEquals(older, login.getPersonId());
        assertEquals(younger, login.getMerges(0).getMergedPersonId());
        assertEquals("RESOLVE_AUTHENTICATED", login.getMerges(0).getReason().getCode());
        assertEquals(older, identity.lookup(crm));
    }

    @Test
    void linkingMergesTheAnonymousIntoTheKnownWhateverTheOrderAndIsIdempotent() {
        String known = identity.resolve(id("loyalty", unique("L-"), "acme")).getPersonId();
        String anonymous = identity.resolve(id("cookie", unique("ck-"))).getPersonId();

        LinkPersonsRequest request = LinkPersonsRequest.newBuilder().setPersonId(anonymous).setOtherPersonId(known)
                .setReason(because("LOGIN")).setRequestingSystem("web-login").setRequestId("tx-1")
                .setIdempotencyKey(key()).build();
        LinkPersonsResponse linked = identity.stub.linkPersons(request);
        assertEquals(known, linked.getSurvivorPersonId());
        assertEquals(MergeTrigger.MERGE_TRIGGER_LINK, linked.getMerge().getTrigger());
        assertEquals("LOGIN", linked.getMerge().getReason().getCode());
        assertEquals(linked, identity.stub.linkPersons(request), "a retry returns the original result");

        LinkPersonsResponse again = identity.link(known, anonymous);
        assertTrue(again.getAlreadyMerged());
        assertEquals(linked.getMerge().getMergeId(), again.getMerge().getMergeId());
        assertEquals(1, identity.identity(known).getLineageCount());
    }

    @Test
    void badLinksAreRefusedAndChangeNothing() {
        String a = identity.resolve(id("cookie", unique("ck-"))).getPersonId();
        String b = identity.resolve(id("cookie", unique("ck-"))).getPersonId();

        StatusRuntimeException self = error(() -> identity.link(a, a));
        assertEquals(Status.Code.FAILED_PRECONDITION, self.getStatus().getCode());
        assertEquals("MERGE_INTO_SELF", reason(self));

        StatusRuntimeException unknown = error(() -> identity.link(a, "no-such-person"));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        assertEquals("PERSON_NOT_FOUND", reason(unknown));

        StatusRuntimeException noReason = error(() -> identity.stub.linkPersons(LinkPersonsRequest.newBuilder()
                .setPersonId(a).setOtherPersonId(b).setRequestingSystem("web-login").setRequestId("tx")
                .setIdempotencyKey(key()).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, noReason.getStatus().getCode());
        assertEquals(List.of("reason.code"), fields(noReason));

        assertEquals(a, identity.identity(a).getPersonId());
        assertEquals(b, identity.identity(b).getPersonId());
        assertEquals(0, identity.identity(a).getMergedPersonIdsCount());
    }

    @Test
    void unmergeRestoresThePersonWithTheIdentifiersItBroughtAndKeepsLaterOnesWithTheSurvivor() {
        Identifier cookie = id("cookie", unique("ck-"));
        Identifier email = id("email", unique("kim.") + "@example.com");
        String visitor = identity.resolve(cookie).getPersonId();
        String customer = identity.resolve(email).getPersonId();
        MergeRecord merge = identity.resolve(cookie, email).getMerges(0);
        Identifier laterPhone = id("phone", "+33612" + String.valueOf(100_000 + (long) (Math.random() * 899_999)));
        identity.resolve(email, laterPhone);
        identity.resolve(cookie); // seen again after the merge: still the visitor's identifier

        UnmergePersonsResponse unmerged = identity.unmerge(merge.getMergeId());
        assertEquals(visitor, unmerged.getRestoredPersonId());
        assertTrue(unmerged.getMerge().hasUnmerge());
        assertEquals("WRONG_LOGIN", unmerged.getMerge().getUnmerge().getReason().getCode());
        assertTrue(unmerged.getMerge().getUnmerge().getChangeOffset() > merge.getChangeOffset());
        assertEquals(List.of("cookie"), unmerged.getRestoredIdentifiersList().stream().map(m -> m.getType()).toList());

        assertEquals(visitor, identity.lookup(cookie));
        assertEquals(customer, identity.lookup(email));
        assertEquals(customer, identity.lookup(laterPhone));
        Identity restored = identity.identity(visitor);
        assertEquals(visitor, restored.getPersonId());
        assertEquals(PersonKind.PERSON_KIND_ANONYMOUS, restored.getKind());
        assertEquals(0, identity.identity(customer).getMergedPersonIdsCount());
        assertTrue(identity.identity(customer).getLineage(0).hasUnmerge(), "reversed merges stay in the lineage");

        StatusRuntimeException twice = error(() -> identity.unmerge(merge.getMergeId()));
        assertEquals(Status.Code.FAILED_PRECONDITION, twice.getStatus().getCode());
        assertEquals("MERGE_ALREADY_REVERSED", reason(twice));
        StatusRuntimeException never = error(() -> identity.unmerge("no-such-merge"));
        assertEquals(Status.Code.NOT_FOUND, never.getStatus().getCode());
        assertEquals("MERGE_NOT_FOUND", reason(never));
        StatusRuntimeException bad = error(() -> identity.stub.unmergePersons(UnmergePersonsRequest.newBuilder()
                .setMergeId(merge.getMergeId()).setRequestingSystem("gateway").setIdempotencyKey(key()).build()));
        assertEquals(List.of("reason.code"), fields(bad));
    }

    @Test
    void unmergingAKnownPersonMakesTheSurvivorAnonymousAgainWhenItHadNothingElse() {
        String anonymous = identity.resolve(id("cookie", unique("ck-"))).getPersonId();
        Identifier crm = id("crm", unique("CRM-"));
        String known = identity.resolve(crm).getPersonId();
        // the cookie's person is older, but a known person survives an anonymous one
        LinkPersonsResponse linked = identity.link(anonymous, known);
        assertEquals(known, linked.getSurvivorPersonId());
        identity.unmerge(linked.getMerge().getMergeId());
        assertEquals(PersonKind.PERSON_KIND_KNOWN, identity.identity(known).getKind());
        assertEquals(PersonKind.PERSON_KIND_ANONYMOUS, identity.identity(anonymous).getKind());

        String a = identity.resolve(id("cookie", unique("ck-"))).getPersonId();
        String b = identity.resolve(id("email", unique("b.") + "@example.com")).getPersonId();
        // two anonymous persons: the younger goes into the older, which becomes known with b's email
        String c = identity.resolve(id("cookie", unique("ck-"))).getPersonId();
        LinkPersonsResponse ac = identity.link(c, a);
        assertEquals(a, ac.getSurvivorPersonId());
        assertEquals(b, identity.link(a, b).getSurvivorPersonId());
        assertEquals(2, identity.identity(c).getMergedPersonIdsCount(), "transitive merge");
        identity.unmerge(ac.getMerge().getMergeId());
        assertEquals(c, identity.identity(c).getPersonId());
        assertEquals(List.of(a), identity.identity(b).getMergedPersonIdsList());
    }

    @Test
    void concurrentLoginsOfManyCookiesWithOneNewCrmIdEndWithOneSurvivorAndNoLostIdentifier() throws Exception {
        Identifier crm = id("crm", unique("CRM-"));
        int threads = 16;
        List<Identifier> cookies = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Identifier cookie = id("cookie", unique("ck-"));
            identity.resolve(cookie);
            cookies.add(cookie);
        }
        List<Callable<ResolvePersonResponse>> logins = new ArrayList<>();
        for (Identifier cookie : cookies) {
            logins.add(() -> identity.resolveAuthenticated(cookie, crm));
        }
        Set<String> answered = new HashSet<>();
        for (ResolvePersonResponse r : concurrently(logins)) {
            answered.add(r.getPersonId());
        }
        String survivor = identity.lookup(crm);
        for (Identifier cookie : cookies) {
            assertEquals(survivor, identity.lookup(cookie));
        }
        Identity person = identity.identity(survivor);
        assertEquals(threads + 1, person.getIdentifiersCount(), person.toString());
        assertEquals(threads - 1, person.getMergedPersonIdsCount());
        // every answer names a person that resolves to the one survivor
        for (String id : answered) {
            assertEquals(survivor, identity.identity(id).getPersonId());
        }
    }

    @Test
    void concurrentLinksOfTheSamePersonsBothWaysNeverMakeTwoSurvivors() throws Exception {
        List<String> persons = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            persons.add(identity.resolve(id("cookie", unique("ck-"))).getPersonId());
        }
        List<Callable<LinkPersonsResponse>> links = new ArrayList<>();
        for (int i = 0; i < persons.size(); i++) {
            for (int j = 0; j < persons.size(); j++) {
                if (i != j) {
                    String a = persons.get(i);
                    String b = persons.get(j);
                    links.add(() -> identity.link(a, b));
                }
            }
        }
        concurrently(links);
        Set<String> roots = new HashSet<>();
        for (String p : persons) {
            roots.add(identity.identity(p).getPersonId());
        }
        assertEquals(1, roots.size(), roots.toString());
        Identity survivor = identity.identity(roots.iterator().next());
        assertEquals(persons.get(0), survivor.getPersonId(), "the oldest survives");
        assertEquals(persons.size(), survivor.getIdentifiersCount());
        assertEquals(persons.size() - 1, survivor.getLineageCount(), "one merge per merged person, no more");
    }

    @Test
    void deliveryAddressesAreTheRawValuesOfTheChannelIncludingThoseOfMergedPersons() {
        String localPart = unique("ann.");
        Identifier email = id("email", " " + localPart.toUpperCase() + "@Example.com");
        String digits = "12" + String.valueOf(100_000 + (long) (Math.random() * 899_999));
        Identifier phone = id("phone", "06 " + digits);
        String withEmail = identity.resolve(email, id("cookie", unique("ck-"))).getPersonId();
        String withPhone = identity.resolve(phone).getPersonId();
        identity.link(withEmail, withPhone);

        GetDeliveryAddressesResponse mail = addresses(withPhone, Channel.CHANNEL_EMAIL);
        assertEquals(withEmail, mail.getPersonId());
        assertEquals(1, mail.getAddressesCount());
        assertEquals(localPart + "@example.com", mail.getAddresses(0).getValue());
        assertEquals("email", mail.getAddresses(0).getType());
        GetDeliveryAddressesResponse sms = addresses(withEmail, Channel.CHANNEL_SMS);
        assertEquals(List.of("+336" + digits), sms.getAddressesList().stream().map(a -> a.getValue()).toList());
        assertEquals(0, addresses(withEmail, Channel.CHANNEL_WEB).getAddressesCount());

        StatusRuntimeException unspecified = error(() -> addresses(withEmail, Channel.CHANNEL_UNSPECIFIED));
        assertEquals(List.of("channel"), fields(unspecified));
        StatusRuntimeException unknown = error(() -> addresses("no-such-person", Channel.CHANNEL_EMAIL));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
    }

    private GetDeliveryAddressesResponse addresses(String personId, Channel channel) {
        return identity.stub.getDeliveryAddresses(GetDeliveryAddressesRequest.newBuilder().setPersonId(personId)
                .setChannel(channel).setRequestingSystem("alert-notification").build());
    }

    static <T> List<T> concurrently(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    static boolean holds(Identity identity, String type) {
        return identity.getIdentifiersList().stream().map(LinkedIdentifier::getIdentifier).anyMatch(i -> i.getType()
                .equals(type));
    }
}
