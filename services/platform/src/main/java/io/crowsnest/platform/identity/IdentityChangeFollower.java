package io.crowsnest.platform.identity;

import static com.mongodb.client.model.Filters.eq;

import java.util.Iterator;

import org.bson.Document;
import org.jboss.logging.Logger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;

import io.crowsnest.identity.v1.IdentityChange;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.identity.v1.StreamIdentityChangesRequest;
import io.crowsnest.identity.v1.StreamIdentityChangesResponse;
import io.crowsnest.platform.jobs.Backoff;
import io.crowsnest.platform.jobs.RestartingJob;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Follows identity's change stream for one consuming service: resumes after the offset stored in
 * the service's own MongoDB ({@code identity_stream_offsets}, keyed by consumer), hands each change
 * to the service's handler and stores its offset only after the handler returned, so every change
 * is applied at least once (handlers are idempotent). Heartbeats move the stored offset to the
 * stream's latest. While identity is unreachable, the stream breaks or the handler throws, it
 * follows again after a {@link Backoff} ({@link Backoff#PEER} unless given), from the last stored
 * offset, so a failed change is handed over again. Changes identity no longer keeps after the
 * stored offset (FAILED_PRECONDITION) make it start again from the oldest it keeps, logged as an
 * error naming what to resynchronise.
 */
public final class IdentityChangeFollower implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(IdentityChangeFollower.class);

    /** What the consuming service does with one change; throw to have it retried. */
    @FunctionalInterface
    public interface Handler {
        void apply(IdentityChange change) throws Exception;
    }

    private final IdentityServiceGrpc.IdentityServiceBlockingStub identity;
    private final MongoCollection<Document> offsets;
    private final String consumer;
    private final Handler handler;
    private final Backoff backoff;
    private volatile RestartingJob job;
    private volatile boolean closed;
    private volatile Context.CancellableContext call;
    private boolean warned;

    public IdentityChangeFollower(Channel identityChannel, MongoDatabase database, String consumer, Handler handler) {
        this(identityChannel, database, consumer, handler, Backoff.PEER);
    }

    /** As the four-argument constructor, waiting {@code backoff} between attempts. */
    public IdentityChangeFollower(Channel identityChannel, MongoDatabase database, String consumer, Handler handler,
            Backoff backoff) {
        this.identity = IdentityServiceGrpc.newBlockingStub(identityChannel);
        this.offsets = database.getCollection("identity_stream_offsets");
        this.consumer = consumer;
        this.handler = handler;
        this.backoff = backoff;
    }

    /** Starts following on a daemon thread named {@code <consumer>-identity-changes}. */
    public void start() {
        if (job != null || closed) {
            throw new IllegalStateException(consumer + ": the identity change follower was already started");
        }
        job = RestartingJob.start(consumer + "-identity-changes", backoff, this::attempt);
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

    /** Follows until the stream ends (went well) or fails (did not); the job tries again after a back-off. */
    private boolean attempt() {
        try {
            follow();
            return true;
        } catch (StatusRuntimeException e) {
            if (closed) {
                return true;
            }
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.FAILED_PRECONDITION) {
                LOG.errorf("identity changes after offset %d have expired; %s resumes from the oldest retained "
                        + "change (changes in between were missed: resynchronise affected persons)", offset(), consumer);
                offsets.deleteOne(eq("_id", consumer));
            } else if (!warned) {
                LOG.warnf("%s cannot follow identity changes yet (%s); retrying with backoff", consumer, code);
                warned = true;
            }
            return false;
        } catch (Exception e) {
            if (!closed) {
                LOG.warnf("%s failed to apply an identity change after offset %d, retrying: %s", consumer, offset(),
                        e.toString());
            }
            return false;
        }
    }

    private void follow() throws Exception {
        Context.CancellableContext context = Context.current().withCancellation();
        call = context;
        try {
            if (closed) {
                return;
            }
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

    /** Stops following: the open stream is cancelled and a change being applied is waited for (up to 5 s). */
    @Override
    public void close() {
        closed = true;
        Context.CancellableContext current = call;
        if (current != null) {
            current.cancel(null);
        }
        RestartingJob running = job;
        if (running != null) {
            running.close();
        }
    }
}
