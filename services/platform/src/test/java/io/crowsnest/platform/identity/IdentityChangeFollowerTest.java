package io.crowsnest.platform.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import com.google.protobuf.Timestamp;

import io.crowsnest.common.v1.PageResponse;
import io.crowsnest.identity.v1.IdentityChange;
import io.crowsnest.identity.v1.IdentityChangeType;
import io.crowsnest.identity.v1.ListTombstonesRequest;
import io.crowsnest.identity.v1.ListTombstonesResponse;
import io.crowsnest.identity.v1.Tombstone;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.identity.v1.PersonForgotten;
import io.crowsnest.identity.v1.StreamHeartbeat;
import io.crowsnest.identity.v1.StreamIdentityChangesRequest;
import io.crowsnest.identity.v1.StreamIdentityChangesResponse;
import io.crowsnest.localstack.LocalMongo;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.localstack.testing.FreePort;
import io.crowsnest.platform.jobs.Backoff;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * IdentityChangeFollower against a gRPC server on loopback that streams changes as identity does
 * (or is not there yet, refuses, or says the offset expired) and a real MongoDB holding the stored
 * offsets: where it resumes, when it stores, how it comes back.
 */
class IdentityChangeFollowerTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final Backoff QUICK = new Backoff(Duration.ofMillis(10), Duration.ofMillis(50));

    /** The changes identity keeps, offsets 1..n. */
    private final List<IdentityChange> log = new CopyOnWriteArrayList<>();
    /** What the server answers the next calls instead of streaming. */
    private final ConcurrentLinkedQueue<Status> refusals = new ConcurrentLinkedQueue<>();
    private final List<StreamIdentityChangesRequest> requests = new CopyOnWriteArrayList<>();
    private final List<Boolean> cancelled = new CopyOnWriteArrayList<>();
    private volatile long heartbeat;
    /** The oldest change identity still keeps; a stream after an older offset is refused OFFSET_EXPIRED. */
    private volatile long oldestRetained;
    /** The erasures identity's tombstones keep (also those whose changes expired). */
    private final List<Tombstone> tombstones = new CopyOnWriteArrayList<>();
    /** What the server answers the next ListTombstones calls instead of a page. */
    private final ConcurrentLinkedQueue<Status> tombstoneRefusals = new ConcurrentLinkedQueue<>();
    private final List<ListTombstonesRequest> tombstoneRequests = new CopyOnWriteArrayList<>();
    private final int port = FreePort.pick();
    private Server server;
    private ManagedChannel channel;
    private LocalMongo mongo;
    private MongoClient client;
    private MongoDatabase database;
    private final List<IdentityChangeFollower> followers = new ArrayList<>();

    @BeforeEach
    void start() {
        mongo = LocalMongo.inMemory(FreePort.pick());
        client = MongoClients.create(mongo.connectionString());
        database = client.getDatabase("follower-test");
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        followers.forEach(IdentityChangeFollower::close);
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        client.close();
        mongo.close();
    }

    private void identityUp() throws IOException {
        server = NettyServerBuilder.forPort(port).addService(new IdentityServiceGrpc.IdentityServiceImplBase() {
            @Override
            public void streamIdentityChanges(StreamIdentityChangesRequest request,
                    StreamObserver<StreamIdentityChangesResponse> out) {
                requests.add(request);
                int call = cancelled.size();
                cancelled.add(false);
                ((ServerCallStreamObserver<StreamIdentityChangesResponse>) out)
                        .setOnCancelHandler(() -> cancelled.set(call, true));
                Status refusal = refusals.poll();
                if (refusal == null && request.getAfterOffset() > 0 && request.getAfterOffset() < oldestRetained - 1) {
                    refusal = Status.FAILED_PRECONDITION.withDescription("OFFSET_EXPIRED");
                }
                if (refusal != null) {
                    out.onError(refusal.asRuntimeException());
                    return;
                }
                for (IdentityChange change : log) {
                    if (change.getOffset() > request.getAfterOffset()) {
                        out.onNext(StreamIdentityChangesResponse.newBuilder().setChange(change).build());
                    }
                }
                if (heartbeat > 0) {
                    out.onNext(StreamIdentityChangesResponse.newBuilder()
                            .setHeartbeat(StreamHeartbeat.newBuilder().setLatestOffset(heartbeat)).build());
                }
                // left open, as identity leaves a caught-up stream open
            }

            /** Pages of at most two erasures, the token holding the last offset, as identity pages. */
            @Override
            public void listTombstones(ListTombstonesRequest request, StreamObserver<ListTombstonesResponse> out) {
                tombstoneRequests.add(request);
                Status refusal = tombstoneRefusals.poll();
                if (refusal != null) {
                    out.onError(refusal.asRuntimeException());
                    return;
                }
                long after = request.getPage().getPageToken().isEmpty() ? request.getAfterOffset()
                        : Long.parseLong(request.getPage().getPageToken());
                List<Tombstone> page = tombstones.stream().filter(t -> t.getChangeOffset() > after).limit(3).toList();
                ListTombstonesResponse.Builder response = ListTombstonesResponse.newBuilder()
                        .addAllTombstones(page.subList(0, Math.min(2, page.size())));
                if (page.size() > 2) {
                    response.setPage(PageResponse.newBuilder()
                            .setNextPageToken(Long.toString(page.get(1).getChangeOffset())));
                }
                out.onNext(response.build());
                out.onCompleted();
            }
        }).build().start();
    }

    private void changes(int count) {
        for (int i = 0; i < count; i++) {
            long offset = log.size() + 1;
            log.add(IdentityChange.newBuilder().setOffset(offset)
                    .setForgotten(PersonForgotten.newBuilder().setPersonId("p-" + offset)).build());
        }
    }

    private IdentityChangeFollower follow(String consumer, IdentityChangeFollower.Handler handler) {
        IdentityChangeFollower follower = new IdentityChangeFollower(channel, database, consumer, handler, QUICK);
        followers.add(follower);
        follower.start();
        return follower;
    }

    private static long offsetOf(List<IdentityChange> applied, int i) {
        return applied.get(i).getOffset();
    }

    @Test
    void itResumesAfterTheOffsetStoredForItsConsumerAndStoresEachChangeAppliedThere() throws IOException {
        changes(4);
        identityUp();
        database.getCollection("identity_stream_offsets").insertOne(new Document("_id", "profile").append("offset", 2L));
        database.getCollection("identity_stream_offsets").insertOne(new Document("_id", "scoring").append("offset", 1L));
        List<IdentityChange> applied = new CopyOnWriteArrayList<>();
        IdentityChangeFollower follower = follow("profile", applied::add);

        Await.until(WAIT, () -> follower.offset() == 4, () -> "offset 4 stored; applied " + applied);
        assertEquals(List.of(3L, 4L), applied.stream().map(IdentityChange::getOffset).toList());
        assertEquals(2, requests.get(0).getAfterOffset());
        assertEquals("profile", requests.get(0).getConsumer());
        assertEquals(1, new IdentityChangeFollower(channel, database, "scoring", c -> { }).offset(),
                "another consumer's offset is its own");
    }

    @Test
    void itFollowsOnceIdentityIsUpAndAfterIdentityAnsweredUnavailable() throws IOException {
        changes(2);
        List<IdentityChange> applied = new CopyOnWriteArrayList<>();
        IdentityChangeFollower follower = follow("decisioning", applied::add);
        Await.holds(Duration.ofMillis(200), applied::isEmpty, "nothing applied while nobody listens on identity's port");

        refusals.add(Status.UNAVAILABLE.withDescription("store unreachable"));
        refusals.add(Status.UNAVAILABLE.withDescription("store unreachable"));
        identityUp();
        Await.until(WAIT, () -> follower.offset() == 2, () -> "both changes applied; applied " + applied);
        assertEquals(List.of(1L, 2L), applied.stream().map(IdentityChange::getOffset).toList());
        assertEquals(3, requests.size(), "two refused calls, then the stream: " + requests);
        assertTrue(requests.stream().allMatch(r -> r.getAfterOffset() == 0), requests.toString());
    }

    @Test
    void aChangeTheHandlerFailsIsHandedOverAgainAndOnlyAnAppliedChangeMovesTheOffset() throws IOException {
        changes(3);
        identityUp();
        List<Long> handed = new CopyOnWriteArrayList<>();
        List<Long> storedWhenHanded = new CopyOnWriteArrayList<>();
        AtomicBoolean failedOnce = new AtomicBoolean();
        IdentityChangeFollower[] follower = new IdentityChangeFollower[1];
        follower[0] = follow("alert-notification", change -> {
            handed.add(change.getOffset());
            storedWhenHanded.add(follower[0].offset());
            if (change.getOffset() == 2 && failedOnce.compareAndSet(false, true)) {
                throw new IllegalStateException("store away");
            }
        });

        Await.until(WAIT, () -> follower[0].offset() == 3, () -> "all applied; handed " + handed);
        assertEquals(List.of(1L, 2L, 2L, 3L), handed);
        assertEquals(List.of(0L, 1L, 1L, 2L), storedWhenHanded, "the failed change's offset was not stored");
        assertEquals(1, requests.get(1).getAfterOffset(), "it followed again after the last applied change");
        Await.until(WAIT, () -> cancelled.get(0), "the stream of the failed attempt was cancelled");
    }

    @Test
    void aHeartbeatMovesTheStoredOffsetToTheLatestOfTheStream() throws IOException {
        heartbeat = 9;
        identityUp();
        IdentityChangeFollower follower = follow("gateway", change -> {
            throw new AssertionError("no change to apply: " + change);
        });
        Await.until(WAIT, () -> follower.offset() == 9, "the heartbeat's offset stored");
    }

    @Test
    void whenItsOffsetExpiredItStartsAgainFromTheOldestChangeIdentityKeeps() throws IOException {
        changes(2);
        identityUp();
        database.getCollection("identity_stream_offsets").insertOne(new Document("_id", "scoring").append("offset", 7L));
        refusals.add(Status.FAILED_PRECONDITION.withDescription("OFFSET_EXPIRED"));
        List<IdentityChange> applied = new CopyOnWriteArrayList<>();
        IdentityChangeFollower follower = follow("scoring", applied::add);

        Await.until(WAIT, () -> applied.size() == 2, () -> "the retained changes applied; applied " + applied);
        assertEquals(List.of(7L, 0L), requests.stream().map(StreamIdentityChangesRequest::getAfterOffset).toList());
        assertEquals(1, offsetOf(applied, 0));
        Await.until(WAIT, () -> follower.offset() == 2, "offset 2 stored");
    }

    @Test
    void whenItsOffsetExpiredItFirstErasesEveryoneIdentityForgotSinceFromItsTombstones() throws IOException {
        // identity keeps changes 40..41 only; erasures 12, 30 and 35 (the changes long expired) and 40
        // are in its tombstones, 5 is older than the follower's offset
        for (long offset : List.of(5L, 12L, 30L, 35L, 40L)) {
            tombstones.add(Tombstone.newBuilder().setChangeOffset(offset).addPersonIds("p-" + offset)
                    .addPersonIds("p-" + offset + "-merged").setForgottenAt(Timestamp.newBuilder().setSeconds(offset))
                    .build());
        }
        log.add(IdentityChange.newBuilder().setOffset(40).setForgotten(PersonForgotten.newBuilder().setPersonId("p-40")
                .addMergedPersonIds("p-40-merged")).build());
        log.add(IdentityChange.newBuilder().setOffset(41).setForgotten(PersonForgotten.newBuilder()
                .setPersonId("p-41")).build());
        oldestRetained = 40;
        identityUp();
        database.getCollection("identity_stream_offsets").insertOne(new Document("_id", "profile").append("offset", 7L));
        tombstoneRefusals.add(Status.UNAVAILABLE.withDescription("store unreachable"));
        List<IdentityChange> applied = new CopyOnWriteArrayList<>();
        IdentityChangeFollower follower = follow("profile", applied::add);

        Await.until(WAIT, () -> follower.offset() == 41, () -> "caught up; applied " + applied);
        assertEquals(List.of("p-12", "p-30", "p-35", "p-40", "p-40", "p-41"),
                applied.stream().map(c -> c.getForgotten().getPersonId()).toList(),
                "every erasure since offset 7 from the tombstones, then the retained changes");
        IdentityChange fromTombstone = applied.get(0);
        assertEquals(IdentityChangeType.IDENTITY_CHANGE_TYPE_FORGOTTEN, fromTombstone.getType());
        assertEquals(12, fromTombstone.getOffset());
        assertEquals(List.of("p-12-merged"), fromTombstone.getForgotten().getMergedPersonIdsList());
        assertEquals(12, fromTombstone.getOccurredAt().getSeconds());
        assertEquals(List.of(7L, 7L, 0L), requests.stream().map(StreamIdentityChangesRequest::getAfterOffset).toList(),
                "a refused listing left the offset where it was; the stream restarted from the oldest change");
        assertEquals(List.of("", "", "30"), tombstoneRequests.stream().map(r -> r.getPage().getPageToken()).toList());
        assertTrue(tombstoneRequests.stream().allMatch(r -> r.getAfterOffset() == 7), tombstoneRequests.toString());
    }

    @Test
    void closingCancelsTheStreamAndItDoesNotFollowAgain() throws IOException {
        changes(1);
        identityUp();
        IdentityChangeFollower follower = follow("profile", change -> { });
        Await.until(WAIT, () -> follower.offset() == 1, "the change applied");

        follower.close();
        Await.until(WAIT, () -> cancelled.get(0), "identity saw the stream cancelled");
        int calls = requests.size();
        Await.holds(Duration.ofMillis(300), () -> requests.size() == calls, "no new stream after close");
        assertThrows(IllegalStateException.class, follower::start, "a closed follower does not start again");
    }

    @Test
    void aFollowerSwitchedOffIsNeitherStartedNorAnErrorToStop() {
        IdentityChangeFollower off = IdentityChangeFollower.startIf(false, channel, database, "profile", c -> { });
        assertEquals(null, off);
        IdentityChangeFollower.stop(off);
    }
}
