package io.crowsnest.identity.api;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;

import io.crowsnest.identity.config.IdentityConfig;
import io.crowsnest.identity.store.ChangeLog;
import io.crowsnest.identity.v1.IdentityChange;
import io.crowsnest.identity.v1.IdentityChangeType;
import io.crowsnest.identity.v1.StreamHeartbeat;
import io.crowsnest.identity.v1.StreamIdentityChangesRequest;
import io.crowsnest.identity.v1.StreamIdentityChangesResponse;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.Timestamps;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * StreamIdentityChanges: each open stream has its own thread that reads the feed after the
 * consumer's offset, sends what matches its filter, then polls for more, with heartbeats while
 * idle. It never blocks the event loop, and it stops sending while the consumer is not ready.
 */
@ApplicationScoped
public class ChangeFeed {

    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);
    private static final Pattern CONSUMER = Pattern.compile("[a-z0-9-]{1,64}");
    private static final int BATCH = 100;

    @Inject
    ChangeLog changes;
    @Inject
    IdentityConfig config;

    private final ExecutorService streams = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "identity-change-stream");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopping;

    public void stream(StreamIdentityChangesRequest request, StreamObserver<StreamIdentityChangesResponse> out) {
        Checks checks = new Checks();
        long head = changes.head();
        if (request.getAfterOffset() < 0 || request.getAfterOffset() > head) {
            checks.add("after_offset", "must be between 0 and the latest offset " + head);
        }
        Set<IdentityChangeType> types = EnumSet.noneOf(IdentityChangeType.class);
        for (int i = 0; i < request.getTypesCount(); i++) {
            IdentityChangeType type = request.getTypes(i);
            if (type == IdentityChangeType.IDENTITY_CHANGE_TYPE_UNSPECIFIED || type == IdentityChangeType.UNRECOGNIZED) {
                checks.add("types[" + i + "]", "must be MERGED, UNMERGED or FORGOTTEN");
            } else {
                types.add(type);
            }
        }
        if (!CONSUMER.matcher(request.getConsumer()).matches()) {
            checks.add("consumer", request.getConsumer().isEmpty() ? "is required" : "must match [a-z0-9-]{1,64}");
        }
        checks.throwIfAny();
        long oldest = changes.oldest();
        long after = request.getAfterOffset();
        if (after < head && (oldest == 0 || after < oldest - 1)) {
            if (after > 0 || oldest == 0) {
                throw GrpcErrors.error(Status.Code.FAILED_PRECONDITION, "OFFSET_EXPIRED", "changes after offset "
                        + after + " are no longer retained (oldest retained: " + oldest + "); resynchronise");
            }
            after = oldest - 1; // 0 means from the oldest retained change
        }
        long start = after;
        Set<IdentityChangeType> wanted = types.isEmpty() ? EnumSet.allOf(IdentityChangeType.class) : types;
        ServerCallStreamObserver<StreamIdentityChangesResponse> call =
                (ServerCallStreamObserver<StreamIdentityChangesResponse>) out;
        LOG.infof("consumer %s streams identity changes after offset %d", request.getConsumer(), start);
        streams.submit(() -> pump(call, start, wanted, request.getConsumer()));
    }

    private void pump(ServerCallStreamObserver<StreamIdentityChangesResponse> call, long after,
            Set<IdentityChangeType> wanted, String consumer) {
        long last = after;
        long lastSent = System.nanoTime();
        long heartbeatNanos = config.streamHeartbeat().toNanos();
        try {
            while (!call.isCancelled()) {
                if (stopping) {
                    call.onError(GrpcErrors.error(Status.Code.UNAVAILABLE, "SHUTTING_DOWN",
                            "the identity server is shutting down; reconnect after offset " + last));
                    return;
                }
                List<ChangeLog.Entry> batch = call.isReady() ? changes.after(last, BATCH) : List.of();
                for (ChangeLog.Entry entry : batch) {
                    IdentityChange change = IdentityChange.parseFrom(entry.change()).toBuilder()
                            .setOffset(entry.offset()).build();
                    if (wanted.contains(change.getType())) {
                        call.onNext(StreamIdentityChangesResponse.newBuilder().setChange(change).build());
                        lastSent = System.nanoTime();
                    }
                    last = entry.offset();
                }
                if (System.nanoTime() - lastSent >= heartbeatNanos && call.isReady()) {
                    call.onNext(StreamIdentityChangesResponse.newBuilder().setHeartbeat(StreamHeartbeat.newBuilder()
                            .setLatestOffset(last).setSentAt(Timestamps.of(Instant.now()))).build());
                    lastSent = System.nanoTime();
                }
                if (batch.size() < BATCH) {
                    TimeUnit.MILLISECONDS.sleep(config.streamPoll().toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.onError(GrpcErrors.error(Status.Code.UNAVAILABLE, "SHUTTING_DOWN", "the identity server is shutting down"));
        } catch (InvalidProtocolBufferException e) {
            LOG.errorf(e, "unreadable change after offset %d", last);
            call.onError(Status.INTERNAL.withDescription("unreadable change after offset " + last).asRuntimeException());
        } catch (RuntimeException e) {
            LOG.warnf("change stream of %s ended after offset %d: %s", consumer, last, e.toString());
            try {
                call.onError(GrpcErrors.error(Status.Code.UNAVAILABLE, "STORE_UNAVAILABLE",
                        "the change feed could not be read; reconnect after offset " + last));
            } catch (RuntimeException ignored) {
                // the call is already closed
            }
        }
    }

    @PreDestroy
    void stop() {
        stopping = true;
        streams.shutdown();
        try {
            streams.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        streams.shutdownNow();
    }
}
