package io.crowsnest.identity;

import static io.crowsnest.identity.Identities.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.protobuf.StringValue;

import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.platform.grpc.ContentHash;
import io.crowsnest.platform.idempotency.Idempotency;
import io.crowsnest.platform.idempotency.IdempotencyStore;
import io.crowsnest.platform.idempotency.OnceEach;
import io.crowsnest.platform.time.MovableClock;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The idempotency claims of a batch (ResolvePersons) are all taken when it starts: on a real
 * MongoDB, with a 2 s lease, a batch that outlives half of it keeps the claims it has not run yet,
 * and an item whose claim a duplicate took over meanwhile is not run twice. Time is moved, not waited for.
 */
@QuarkusTest
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = true)
@TestProfile(BatchClaimLeaseTest.ShortLease.class)
class BatchClaimLeaseTest {

    private static final String RPC = "LeaseProbe";

    public static class ShortLease implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("crowsnest.idempotency.lease", "2S");
        }
    }

    @Inject
    Idempotency idempotency;
    @Inject
    IdempotencyStore store;
    @Inject
    MovableClock clock;

    private static StringValue request(String key) {
        return StringValue.of("request " + key);
    }

    private OnceEach<StringValue> batch(List<String> keys) {
        return idempotency.each(RPC, keys, keys.stream().map(BatchClaimLeaseTest::request).toList(),
                StringValue.parser());
    }

    private IdempotencyStore.Claim duplicate(String key) {
        return store.claim(RPC, key, ContentHash.of(request(key)), clock.instant());
    }

    @Test
    void aLongBatchRenewsTheClaimsItHasNotRunYet() {
        List<String> keys = List.of(unique("k-"), unique("k-"), unique("k-"));
        OnceEach<StringValue> batch = batch(keys);
        batch.run(0, () -> StringValue.of("first"));
        clock.advance(Duration.ofMillis(1200)); // past half the lease: the next item renews what is left
        batch.run(1, () -> StringValue.of("second"));
        clock.advance(Duration.ofMillis(1000)); // past the lease the claims were first taken with

        assertInstanceOf(IdempotencyStore.Running.class, duplicate(keys.get(2)),
                "a duplicate cannot take over a claim the batch renewed");
        AtomicBoolean ran = new AtomicBoolean();
        assertEquals("third", batch.run(2, () -> {
            ran.set(true);
            return StringValue.of("third");
        }).getValue());
        assertTrue(ran.get());
        batch.store();
        assertInstanceOf(IdempotencyStore.Done.class, duplicate(keys.get(2)));
    }

    @Test
    void anItemWhoseClaimADuplicateTookOverIsNotRunAgain() {
        List<String> keys = List.of(unique("k-"), unique("k-"));
        OnceEach<StringValue> batch = batch(keys);
        clock.advance(Duration.ofMillis(2100)); // the lease ran out: a duplicate of the second item takes it over
        assertInstanceOf(IdempotencyStore.Claimed.class, duplicate(keys.get(1)));

        assertEquals("first", batch.run(0, () -> StringValue.of("first")).getValue());
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> batch.run(1, () -> fail("the duplicate runs it; the batch must not")));
        assertEquals(Status.Code.ABORTED, refused.getStatus().getCode());
        batch.store();
    }
}
