package io.crowsnest.platform.identity;

import static com.mongodb.client.model.Filters.eq;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ThreadLocalRandom;

import org.bson.Document;
import org.jboss.logging.Logger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;

import io.crowsnest.identity.v1.IdentityChange;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.identity.v1.StreamIdentityChangesRequest;
import io.crowsnest.identity.v1.StreamIdentityChangesResponse;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Follows identity's change stream for one consuming service: resumes after the offset stored in
 * the service's own MongoDB ({@code identity_stream_offsets}, keyed by consumer), hands each change
 * to the service's handler and stores its offset only after the handler returned, so every change
 * is applied at least once (handlers are idempotent). Reconnects with backoff while identity is
 * unreachable or the stream breaks; a handler failure is retried from the same change.
 */
public final class IdentityChangeFollower implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(IdentityChangeFollower.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** What the consuming service does with one change; throw to have it retried. */
    @FunctionalInterface
    public interface Handler {
        void apply(IdentityChange change) throws Exception;
    }

    private final IdentityServiceGrpc.IdentityServiceBlockingStub identity;
    private final MongoCollection<Document> offsets;
    private final String consumer;
    private final Handler handler;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Context.CancellableContext call;

    public IdentityChangeFollower(Channel identityChannel, MongoDatabase database, String consumer, Handler handler) {
        this.identity = IdentityServiceGrpc.newBlockingStub(identityChannel);
        this.offsets = database.getCollection("identity_stream_offsets");
        this.consumer = consumer;
        this.handler = handler;
        this.thread = new Thread(this::run, consumer + "-identity-changes");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** A follower started for the consumer when the switch is on, else null (see {@link #stop}). */
    public static IdentityChangeFollower startIf(boolean enabled, Channel identityChannel, MongoDatabase database,
            String consumer, Handler handler) {
        if (!enabled) {
            return null;
        }
        IdentityChangeFollower follower = new IdentityChangeFollower(identityChannel, database, consumer, handler);
        follower.start();
        return follower;
    }

    /** Closes a follower from {@link #startIf}, if one was started. */
    public static void stop(IdentityChangeFollower follower) {
        if (follower != null) {
            follower.close();
        }
    }

    /** The offset of the last change applied (0 before the first). */
    public long offset() {
        Document doc = offsets.find(eq("_id", consumer)).first();
        return doc == null ? 0 : doc.get("offset", Number.class).longValue();
    }

    private void store(long offset) {
        offsets.updateOne(eq("_id", consumer), new Document("$max", new Document("offset", offset)),
                new UpdateOptions().upsert(true));
    }

    private void run() {
        long backoff = 500;
        boolean warned = false;
        while (!closed) {
            try {
                follow();
                backoff = 500;
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                if (closed || code == Status.Code.CANCELLED) {
                    return;
                }
                if (code == Status.Code.FAILED_PRECONDITION) {
                    LOG.errorf("identity changes after offset %d have expired; %s resumes from the oldest retained "
                            + "change (changes in between were missed: resynchronise affected persons)", offset(), consumer);
                    offsets.deleteOne(eq("_id", consumer));
                } else if (!warned) {
                    LOG.warnf("%s cannot follow identity changes yet (%s); retrying with backoff", consumer, code);
                    warned = true;
                }
            } catch (Exception e) {
                if (closed) {
                    return;
                }
                LOG.warnf("%s failed to apply an identity change after offset %d, retrying: %s", consumer, offset(),
                        e.toString());
            }
            sleep(backoff + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
            backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
        }
    }

    private void follow() throws Exception {
        Context.CancellableContext context = Context.current().withCancellation();
        call = context;
        try {
            Iterator<StreamIdentityChangesResponse> stream = context.call(() -> identity.streamIdentityChanges(
                    StreamIdentityChangesRequest.newBuilder().setAfterOffset(offset()).setConsumer(consumer).build()));
            LOG.infof("%s follows identity changes after offset %d", consumer, offset());
            while (!closed && stream.hasNext()) {
                StreamIdentityChangesResponse next = stream.next();
                if (next.hasChange()) {
                    handler.apply(next.getChange());
                    store(next.getChange().getOffset());
                } else if (next.hasHeartbeat()) {
                    store(next.getHeartbeat().getLatestOffset());
                }
            }
        } finally {
            context.cancel(null);
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        Context.CancellableContext current = call;
        if (current != null) {
            current.cancel(null);
        }
        thread.interrupt();
    }
}
