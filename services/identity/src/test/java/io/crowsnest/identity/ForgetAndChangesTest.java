package io.crowsnest.identity;

import static io.crowsnest.identity.Identities.error;
import static io.crowsnest.identity.Identities.fields;
import static io.crowsnest.identity.Identities.id;
import static io.crowsnest.identity.Identities.reason;
import static io.crowsnest.identity.Identities.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.identity.domain.Merge;
import io.crowsnest.identity.domain.Reason;
import io.crowsnest.identity.service.ForgetService;
import io.crowsnest.identity.service.MergeRecoveryService;
import io.crowsnest.identity.store.MergeStore;
import io.crowsnest.identity.store.PersonStore;
import io.crowsnest.identity.v1.ForgetPersonResponse;
import io.crowsnest.identity.v1.GetDeliveryAddressesRequest;
import io.crowsnest.identity.v1.IdentityChange;
import io.crowsnest.identity.v1.IdentityChangeType;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.identity.v1.LinkPersonsResponse;
import io.crowsnest.identity.v1.MergeTrigger;
import io.crowsnest.identity.v1.ResolvePersonResponse;
import io.crowsnest.identity.v1.StreamIdentityChangesRequest;
import io.crowsnest.identity.v1.StreamIdentityChangesResponse;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** ForgetPerson and the change stream (MERGED, UNMERGED, FORGOTTEN, resumable), through real gRPC. */
@QuarkusTest
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = true)
class ForgetAndChangesTest extends WithIdentityClient {

    @Inject
    PersonStore persons;
    @Inject
    MergeStore merges;
    @Inject
    MergeRecoveryService recovery;
    @Inject
    ForgetService erasures;

    @Test
    void forgettingErasesThePersonAndEveryoneMergedIntoItAndTheIdentifiersStartAfresh() {
        Identifier email = id("email", unique("gone.") + "@example.com");
        Identifier cookie = id("cookie", unique("ck-"));
        Identifier device = id("device", unique("dev-"));
        String visitor = identity.resolve(cookie).getPersonId();
        String customer = identity.resolve(email).getPersonId();
        assertTrue(identity.resolve(email, cookie, device).getMerged());
        String sibling = identity.resolve(id("email", unique("sis.") + "@example.com"), device).getPersonId();

        ForgetPersonResponse forgotten = identity.forget(visitor);
        assertEquals(List.of(customer, visitor), forgotten.getForgottenPersonIdsList());
        assertEquals(3, forgotten.getIdentifiersRemovedCount());
        assertTrue(forgotten.getChangeOffset() > 0);
        assertFalse(forgotten.getAlreadyForgotten());

        for (String id : List.of(customer, visitor)) {
            StatusRuntimeException e = error(() -> identity.identity(id));
            assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
            assertEquals("PERSON_NOT_FOUND", reason(e));
        }
        assertEquals(Status.Code.NOT_FOUND, error(() -> identity.lookup(email)).getStatus().getCode());
        assertEquals(Status.Code.NOT_FOUND, error(() -> identity.stub.getDeliveryAddresses(
                GetDeliveryAddressesRequest.newBuilder().setPersonId(customer).setChannel(Channel.CHANNEL_EMAIL)
                        .setRequestingSystem("alert-notification").build())).getStatus().getCode());
        assertEquals(sibling, identity.lookup(device), "a shared device stays with the other person");

        ForgetPersonResponse again = identity.forget(customer);
        assertTrue(again.getAlreadyForgotten());
        assertEquals(forgotten.getChangeOffset(), again.getChangeOffset());

        ResolvePersonResponse fresh = identity.resolve(email);
        assertTrue(fresh.getCreated());
        assertNotEquals(customer, fresh.getPersonId());
    }

    @Test
    void badForgetRequestsAreRefused() {
        StatusRuntimeException unknown = error(() -> identity.forget("never-issued"));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        StatusRuntimeException noReason = error(() -> identity.stub.forgetPerson(
                io.crowsnest.identity.v1.ForgetPersonRequest.newBuilder().setPersonId("p")
                        .setRequestingSystem("privacy-desk").setIdempotencyKey(UUID.randomUUID().toString()).build()));
        assertEquals(List.of("reason.code"), fields(noReason));
    }

    @Test
    void theStreamDeliversMergesUnmergesAndErasuresInOrderAndResumesAfterAnOffset() {
        String a = identity.resolve(id("cookie", unique("ck-"))).getPersonId();
        String b = identity.resolve(id("email", unique("b.") + "@example.com")).getPersonId();
        LinkPersonsResponse linked = identity.link(a, b);
        long mergedAt = linked.getMerge().getChangeOffset();
        identity.unmerge(linked.getMerge().getMergeId());
        long forgottenAt = identity.forget(a).getChangeOffset();

        Context.CancellableContext context = Context.current().withCancellation();
        try {
            Iterator<StreamIdentityChangesResponse> stream = context.call(() -> deadlined().streamIdentityChanges(
                    StreamIdentityChangesRequest.newBuilder().setAfterOffset(mergedAt - 1).setConsumer("test").build()));
            IdentityChange merged = nextChange(stream);
            assertEquals(mergedAt, merged.getOffset());
            assertEquals(IdentityChangeType.IDENTITY_CHANGE_TYPE_MERGED, merged.getType());
            assertEquals(b, merged.getMerged().getSurvivorPersonId());
            assertEquals(a, merged.getMerged().getMergedPersonId());
            assertEquals(MergeTrigger.MERGE_TRIGGER_LINK, merged.getMerged().getTrigger());
            IdentityChange unmerged = nextChange(stream);
            assertTrue(unmerged.getOffset() > mergedAt);
            assertEquals(a, unmerged.getUnmerged().getRestoredPersonId());
            // other tests' changes may sit in between: skip to ours
            IdentityChange change = nextChange(stream);
            while (change.getOffset() < forgottenAt) {
                change = nextChange(stream);
            }
            assertEquals(IdentityChangeType.IDENTITY_CHANGE_TYPE_FORGOTTEN, change.getType());
            assertEquals(a, change.getForgotten().getPersonId());
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            context.cancel(null);
        }

        Iterator<StreamIdentityChangesResponse> filtered = deadlined().streamIdentityChanges(
                StreamIdentityChangesRequest.newBuilder().setAfterOffset(mergedAt).setConsumer("test")
                        .addTypes(IdentityChangeType.IDENTITY_CHANGE_TYPE_FORGOTTEN).build());
        IdentityChange first = nextChange(filtered);
        assertEquals(IdentityChangeType.IDENTITY_CHANGE_TYPE_FORGOTTEN, first.getType());
    }

    @Test
    void anIdleStreamSendsHeartbeatsWithTheLatestOffset() {
        long head = identity.link(identity.resolve(id("cookie", unique("ck-"))).getPersonId(),
                identity.resolve(id("cookie", unique("ck-"))).getPersonId()).getMerge().getChangeOffset();
        Iterator<StreamIdentityChangesResponse> stream = deadlined().streamIdentityChanges(
                StreamIdentityChangesRequest.newBuilder().setAfterOffset(head).setConsumer("test")
                        .addTypes(IdentityChangeType.IDENTITY_CHANGE_TYPE_UNMERGED).build());
        StreamIdentityChangesResponse next = stream.next();
        assertTrue(next.hasHeartbeat(), next.toString());
        assertTrue(next.getHeartbeat().getLatestOffset() >= head);
    }

    @Test
    void badStreamRequestsAreRefused() {
        StatusRuntimeException ahead = error(() -> deadlined().streamIdentityChanges(StreamIdentityChangesRequest
                .newBuilder().setAfterOffset(Long.MAX_VALUE).setConsumer("test").build()).next());
        assertEquals(Status.Code.INVALID_ARGUMENT, ahead.getStatus().getCode());
        assertEquals(List.of("after_offset"), fields(ahead));
        StatusRuntimeException unspecified = error(() -> deadlined().streamIdentityChanges(
                StreamIdentityChangesRequest.newBuilder().setConsumer("test")
                        .addTypes(IdentityChangeType.IDENTITY_CHANGE_TYPE_UNSPECIFIED).build()).next());
        assertEquals(List.of("types[0]"), fields(unspecified));
        StatusRuntimeException noConsumer = error(() -> deadlined().streamIdentityChanges(
                StreamIdentityChangesRequest.newBuilder().build()).next());
        assertEquals(List.of("consumer"), fields(noConsumer));
    }

    @Test
    void aMergeACrashLeftUnannouncedIsAnnouncedByTheSweeper() {
        String survivor = identity.resolve(id("email", unique("s.") + "@example.com")).getPersonId();
        String merged = identity.resolve(id("cookie", unique("ck-"))).getPersonId();
        Instant then = Instant.now().minusSeconds(3600);
        // what a crash after the persons changed and before the change was appended leaves behind
        Merge record = new Merge(UUID.randomUUID().toString(), survivor, merged, then, Merge.Trigger.LINK,
                new Reason("LOGIN", ""), "web-login", "tx", List.of(), 0, null);
        merges.insert(record, MergeStore.State.PENDING, then);
        assertTrue(persons.mergeInto(merged, survivor, record.mergeId(), then));

        assertTrue(recovery.finishStuckSince(Instant.now()) >= 1);
        Merge done = merges.find(record.mergeId()).orElseThrow().record();
        assertTrue(done.changeOffset() > 0);
        Iterator<StreamIdentityChangesResponse> stream = deadlined().streamIdentityChanges(
                StreamIdentityChangesRequest.newBuilder().setAfterOffset(done.changeOffset() - 1)
                        .setConsumer("test").build());
        assertEquals(record.mergeId(), nextChange(stream).getMerged().getMergeId());
        assertEquals(survivor, identity.identity(merged).getPersonId());
    }

    @Test
    void anErasureACrashInterruptedIsFinishedByTheSweeperWithoutARetry() {
        Identifier email = id("email", unique("crash.") + "@example.com");
        String person = identity.resolve(email, id("cookie", unique("ck-"))).getPersonId();
        long before = identity.link(identity.resolve(id("cookie", unique("ck-"))).getPersonId(),
                identity.resolve(id("cookie", unique("ck-"))).getPersonId()).getMerge().getChangeOffset();
        // what a crash right after the erasure began leaves behind: the mark, nothing erased yet
        persons.markForgetting(person, Instant.now().minusSeconds(3600));

        erasures.finishInterruptedSince(Instant.now()); // (or the sweeper got there first)
        StatusRuntimeException gone = error(() -> identity.identity(person));
        assertEquals(Status.Code.NOT_FOUND, gone.getStatus().getCode());
        assertEquals(Status.Code.NOT_FOUND, error(() -> identity.lookup(email)).getStatus().getCode());
        Iterator<StreamIdentityChangesResponse> stream = deadlined().streamIdentityChanges(
                StreamIdentityChangesRequest.newBuilder().setAfterOffset(before).setConsumer("test")
                        .addTypes(IdentityChangeType.IDENTITY_CHANGE_TYPE_FORGOTTEN).build());
        IdentityChange forgotten = nextChange(stream);
        while (!forgotten.getForgotten().getPersonId().equals(person)) {
            forgotten = nextChange(stream);
        }
        assertEquals(person, forgotten.getForgotten().getPersonId(), "announced, so every service erases too");
        assertEquals(0, erasures.finishInterruptedSince(Instant.now()), "and finished once");
    }

    private IdentityServiceGrpc.IdentityServiceBlockingStub deadlined() {
        return identity.stub.withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    private static IdentityChange nextChange(Iterator<StreamIdentityChangesResponse> stream) {
        while (true) {
            StreamIdentityChangesResponse next = stream.next();
            if (next.hasChange()) {
                return next.getChange();
            }
        }
    }
}
