package io.crowsnest.platform.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crowsnest.common.v1.Reason;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.localstack.testing.FreePort;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.jobs.Backoff;
import io.crowsnest.scoring.v1.ScoringServiceGrpc;
import io.crowsnest.scoring.v1.SegmentTransition;
import io.crowsnest.scoring.v1.SegmentTransitionType;
import io.crowsnest.scoring.v1.StreamHeartbeat;
import io.crowsnest.scoring.v1.StreamSegmentTransitionsRequest;
import io.crowsnest.scoring.v1.StreamSegmentTransitionsResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * SegmentEntryFollower against a gRPC server on loopback that streams transitions as scoring does
 * (or is not there yet, or refuses): where it resumes, when it stores, how it comes back and stops.
 */
class SegmentEntryFollowerTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final Backoff QUICK = new Backoff(Duration.ofMillis(10), Duration.ofMillis(50));
    static final Instant AT = Instant.parse("2026-03-01T09:30:00Z");

    /** The transitions scoring keeps, offsets 1..n. */
    private final List<SegmentTransition> log = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Status> refusals = new ConcurrentLinkedQueue<>();
    private final List<StreamSegmentTransitionsRequest> requests = new CopyOnWriteArrayList<>();
    private final List<Boolean> cancelled = new CopyOnWriteArrayList<>();
    private volatile long heartbeat;
    private final int port = FreePort.pick();
    private Server server;
    private ManagedChannel channel;
    private final List<SegmentEntryFollower> followers = new ArrayList<>();

    /** Offsets kept as a service keeps them: never moved back. */
    static final class Stored implements SegmentEntryFollower.Offsets {
        final AtomicLong offset = new AtomicLong();

        @Override
        public long offset() {
            return offset.get();
        }

        @Override
        public void processed(long at) {
            offset.accumulateAndGet(at, Math::max);
        }
    }

    @BeforeEach
    void start() {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        followers.forEach(SegmentEntryFollower::close);
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private void scoringUp() throws IOException {
        server = NettyServerBuilder.forPort(port).addService(new ScoringServiceGrpc.ScoringServiceImplBase() {
            @Override
            public void streamSegmentTransitions(StreamSegmentTransitionsRequest request,
                    StreamObserver<StreamSegmentTransitionsResponse> out) {
                requests.add(request);
                int call = cancelled.size();
                cancelled.add(false);
                ((ServerCallStreamObserver<StreamSegmentTransitionsResponse>) out)
                        .setOnCancelHandler(() -> cancelled.set(call, true));
                Status refusal = refusals.poll();
                if (refusal != null) {
                    out.onError(refusal.asRuntimeException());
                    return;
                }
                for (SegmentTransition t : log) {
                    if (t.getOffset() > request.getAfterOffset()) {
                        out.onNext(StreamSegmentTransitionsResponse.newBuilder().setTransition(t).build());
                    }
                }
                if (heartbeat > 0) {
                    out.onNext(StreamSegmentTransitionsResponse.newBuilder()
                            .setHeartbeat(StreamHeartbeat.newBuilder().setLatestOffset(heartbeat)).build());
                }
                // left open, as scoring leaves a caught-up stream open
            }
        }).build().start();
    }

    private void entries(int count) {
        for (int i = 0; i < count; i++) {
            long offset = log.size() + 1;
            log.add(SegmentTransition.newBuilder().setOffset(offset).setPersonId("p-" + offset)
                    .setSegmentId("high-value").setType(SegmentTransitionType.SEGMENT_TRANSITION_TYPE_ENTERED)
                    .setOccurredAt(Timestamps.of(AT.plusSeconds(offset)))
                    .setReason(Reason.newBuilder().setCode("SEGMENT_ENTERED").setMessage("spent over 500 EUR"))
                    .build());
        }
    }

    private SegmentEntryFollower follow(String consumer, Stored offsets, SegmentEntryFollower.Handler handler) {
        SegmentEntryFollower follower = new SegmentEntryFollower(channel, consumer, offsets, handler, QUICK);
        followers.add(follower);
        follower.start();
        return follower;
    }

    @Test
    void itResumesAfterTheStoredOffsetAsksForEntriesOnlyAndReadsEachAsAPlainEntry() throws IOException {
        entries(4);
        scoringUp();
        Stored offsets = new Stored();
        offsets.processed(2);
        List<SegmentEntry> handled = new CopyOnWriteArrayList<>();
        follow("decisioning", offsets, handled::add);

        Await.until(WAIT, () -> offsets.offset() == 4, () -> "offset 4 stored; handled " + handled);
        assertEquals(List.of(new SegmentEntry(3, "p-3", "high-value", AT.plusSeconds(3), "spent over 500 EUR"),
                new SegmentEntry(4, "p-4", "high-value", AT.plusSeconds(4), "spent over 500 EUR")), handled);
        assertEquals(2, requests.get(0).getAfterOffset());
        assertEquals("decisioning", requests.get(0).getConsumer());
        assertEquals(List.of(SegmentTransitionType.SEGMENT_TRANSITION_TYPE_ENTERED), requests.get(0).getTypesList());
    }

    @Test
    void itFollowsOnceScoringIsUpAndAfterScoringAnsweredUnavailable() throws IOException {
        entries(2);
        Stored offsets = new Stored();
        List<SegmentEntry> handled = new CopyOnWriteArrayList<>();
        follow("alert-notification", offsets, handled::add);
        Await.holds(Duration.ofMillis(200), handled::isEmpty, "nothing handled while nobody listens on scoring's port");

        refusals.add(Status.UNAVAILABLE.withDescription("store unreachable"));
        refusals.add(Status.UNAVAILABLE.withDescription("store unreachable"));
        scoringUp();
        Await.until(WAIT, () -> offsets.offset() == 2, () -> "both entries handled; handled " + handled);
        assertEquals(List.of(1L, 2L), handled.stream().map(SegmentEntry::offset).toList());
        assertEquals(3, requests.size(), "two refused calls, then the stream: " + requests);
    }

    @Test
    void anEntryTheHandlerFailsIsHandedOverAgainAndOnlyAHandledEntryMovesTheOffset() throws IOException {
        entries(3);
        scoringUp();
        Stored offsets = new Stored();
        List<Long> handed = new CopyOnWriteArrayList<>();
        List<Long> storedWhenHanded = new CopyOnWriteArrayList<>();
        AtomicBoolean failedOnce = new AtomicBoolean();
        follow("decisioning", offsets, entry -> {
            handed.add(entry.offset());
            storedWhenHanded.add(offsets.offset());
            if (entry.offset() == 2 && failedOnce.compareAndSet(false, true)) {
                throw new IllegalStateException("store away");
            }
        });

        Await.until(WAIT, () -> offsets.offset() == 3, () -> "all handled; handed " + handed);
        assertEquals(List.of(1L, 2L, 2L, 3L), handed);
        assertEquals(List.of(0L, 1L, 1L, 2L), storedWhenHanded, "the failed entry's offset was not stored");
        assertEquals(1, requests.get(1).getAfterOffset(), "it followed again after the last handled entry");
        Await.until(WAIT, () -> cancelled.get(0), "the stream of the failed attempt was cancelled");
    }

    @Test
    void aHeartbeatMovesTheStoredOffsetToTheLatestOfTheStream() throws IOException {
        heartbeat = 9;
        scoringUp();
        Stored offsets = new Stored();
        follow("alert-notification", offsets, entry -> {
            throw new AssertionError("no entry to handle: " + entry);
        });
        Await.until(WAIT, () -> offsets.offset() == 9, "the heartbeat's offset stored");
    }

    @Test
    void closingCancelsTheOpenStreamAndItDoesNotFollowAgain() throws IOException {
        entries(1);
        scoringUp();
        Stored offsets = new Stored();
        SegmentEntryFollower follower = follow("decisioning", offsets, entry -> { });
        Await.until(WAIT, () -> offsets.offset() == 1, "the entry handled");
        follower.close();
        Await.until(WAIT, () -> cancelled.get(0), "the open stream was cancelled");
        entries(1);
        Await.holds(Duration.ofMillis(200), () -> requests.size() == 1 && offsets.offset() == 1,
                "no new call after close: " + requests.size());
    }
}
