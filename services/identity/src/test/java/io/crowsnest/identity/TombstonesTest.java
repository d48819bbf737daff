package io.crowsnest.identity;

import static com.mongodb.client.model.Filters.lte;
import static io.crowsnest.identity.Identities.error;
import static io.crowsnest.identity.Identities.fields;
import static io.crowsnest.identity.Identities.id;
import static io.crowsnest.identity.Identities.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;

import io.crowsnest.common.v1.PageRequest;
import io.crowsnest.identity.v1.ForgetPersonResponse;
import io.crowsnest.identity.v1.IdentityChange;
import io.crowsnest.identity.v1.ListTombstonesRequest;
import io.crowsnest.identity.v1.ListTombstonesResponse;
import io.crowsnest.identity.v1.Tombstone;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.platform.identity.IdentityChangeFollower;
import io.crowsnest.platform.jobs.Backoff;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * ListTombstones through real gRPC, and the platform's follower against this identity: a follower
 * whose offset the change stream no longer keeps still erases everyone forgotten meanwhile.
 */
@QuarkusTest
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = true)
class TombstonesTest extends WithIdentityClient {

    private static final Backoff QUICK = new Backoff(Duration.ofMillis(20), Duration.ofMillis(200));

    @Inject
    MongoDatabase database;

    @Test
    void theErasuresAfterAnOffsetArePagedOldestFirstWithEveryIdErasedAndNothingElse() {
        long start = identity.forget(identity.resolve(id("cookie", unique("ck-"))).getPersonId()).getChangeOffset();
        String visitor = identity.resolve(id("cookie", unique("ck-"))).getPersonId();
        String customer = identity.resolve(id("email", unique("t.") + "@example.com")).getPersonId();
        identity.link(customer, visitor);
        List<ForgetPersonResponse> forgotten = new ArrayList<>();
        forgotten.add(identity.forget(visitor));
        for (int i = 0; i < 2; i++) {
            forgotten.add(identity.forget(identity.resolve(id("email", unique("t.") + "@example.com")).getPersonId()));
        }

        ListTombstonesResponse first = list(start, 2, "");
        assertEquals(2, first.getTombstonesCount());
        Tombstone merged = first.getTombstones(0);
        assertEquals(forgotten.get(0).getChangeOffset(), merged.getChangeOffset());
        assertEquals(Set.of(customer, visitor), Set.copyOf(merged.getPersonIdsList()));
        assertEquals(millis(forgotten.get(0).getForgottenAt()), millis(merged.getForgottenAt()), "as stored, in ms");
        assertEquals(forgotten.get(1).getForgottenPersonIdsList(), first.getTombstones(1).getPersonIdsList());
        ListTombstonesResponse second = list(start, 2, first.getPage().getNextPageToken());
        assertEquals(List.of(forgotten.get(2).getChangeOffset()),
                second.getTombstonesList().stream().map(Tombstone::getChangeOffset).toList());
        assertEquals("", second.getPage().getNextPageToken());
        assertEquals(3, list(start, 0, "").getTombstonesCount(), "the default page holds them all");
        assertEquals(0, list(forgotten.get(2).getChangeOffset(), 0, "").getTombstonesCount());
    }

    @Test
    void badListingsAreRefused() {
        var negative = error(() -> identity.stub.listTombstones(ListTombstonesRequest.newBuilder().setAfterOffset(-1)
                .build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, negative.getStatus().getCode());
        assertEquals(List.of("after_offset"), fields(negative));
        var tooLarge = error(() -> list(0, 501, ""));
        assertEquals(List.of("page.page_size"), fields(tooLarge));
        String token = list(0, 1, "").getPage().getNextPageToken();
        if (!token.isEmpty()) {
            var foreign = error(() -> list(1, 1, token));
            assertEquals(List.of("page.page_token"), fields(foreign), "a token of another after_offset");
        }
        var garbage = error(() -> list(0, 1, "not-a-token"));
        assertEquals(List.of("page.page_token"), fields(garbage));
    }

    @Test
    void aFollowerFurtherBehindThanTheStreamKeepsStillErasesEveryoneForgottenMeanwhile() {
        String visitor = identity.resolve(id("cookie", unique("ck-"))).getPersonId();
        String customer = identity.resolve(id("email", unique("away.") + "@example.com")).getPersonId();
        long behind = identity.link(customer, visitor).getMerge().getChangeOffset();
        ForgetPersonResponse erased = identity.forget(customer);
        // changes after the erasure, then the stream's retention passes over everything up to it
        // (what MongoDB's TTL index does after crowsnest.identity.change-retention)
        identity.link(identity.resolve(id("email", unique("later.") + "@example.com")).getPersonId(),
                identity.resolve(id("cookie", unique("ck-"))).getPersonId());
        database.getCollection("changes").deleteMany(lte("_id", erased.getChangeOffset()));
        database.getCollection("identity_stream_offsets").insertOne(new Document("_id", "away")
                .append("offset", behind));

        List<IdentityChange> applied = new CopyOnWriteArrayList<>();
        try (IdentityChangeFollower follower = new IdentityChangeFollower(identity.channel, database, "away",
                applied::add, QUICK)) {
            follower.start();
            Await.until(Duration.ofSeconds(20), () -> follower.offset() > erased.getChangeOffset(),
                    () -> "the follower caught up; applied " + applied);
        }
        IdentityChange erasure = applied.stream().filter(IdentityChange::hasForgotten)
                .filter(c -> c.getOffset() == erased.getChangeOffset()).findFirst()
                .orElseThrow(() -> new AssertionError("the erasure was never applied: " + applied));
        List<String> ids = new ArrayList<>(erasure.getForgotten().getMergedPersonIdsList());
        ids.add(erasure.getForgotten().getPersonId());
        assertEquals(Set.of(customer, visitor), Set.copyOf(ids), "the person and the one merged into it");
        assertTrue(applied.stream().anyMatch(IdentityChange::hasMerged), "then the retained changes: " + applied);
    }

    private static long millis(com.google.protobuf.Timestamp at) {
        return at.getSeconds() * 1000 + at.getNanos() / 1_000_000;
    }

    private ListTombstonesResponse list(long after, int size, String token) {
        return identity.stub.listTombstones(ListTombstonesRequest.newBuilder().setAfterOffset(after)
                .setPage(PageRequest.newBuilder().setPageSize(size).setPageToken(token)).build());
    }
}
