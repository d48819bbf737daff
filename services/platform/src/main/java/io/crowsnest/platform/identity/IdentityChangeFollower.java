package io.crowsnest.platform.identity;

import static com.mongodb.client.model.Filters.eq;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.jboss.logging.Logger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;

import io.crowsnest.common.v1.PageRequest;
import io.crowsnest.identity.v1.IdentityChange;
import io.crowsnest.identity.v1.IdentityChangeType;
import io.crowsnest.identity.v1.ListTombstonesRequest;
import io.crowsnest.identity.v1.ListTombstonesResponse;
import io.crowsnest.identity.v1.PersonForgotten;
import io.crowsnest.identity.v1.Tombstone;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.identity.v1.StreamIdentityChangesRequest;
import io.crowsnest.platform.grpc.StreamReader;
import io.crowsnest.platform.jobs.Backoff;
import io.crowsnest.platform.jobs.RestartingJob;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Follows identity's change stream for one consuming service: resumes after the offset stored in
 * the service's own MongoDB ({@code identity_stream_offsets}, keyed by consumer), hands each change
 * to the service's handler and stores its offset only after the handler returned, so every change
 * is applied at least once (handlers are idempotent). Heartbeats move the stored offset to the
 * stream's latest. While identity is unreachable, the stream breaks or the handler throws, it
 * follows again after a {@link Backoff} ({@link Backoff#PEER} unless given), from the last stored
 * offset, so a failed change is handed over again. When identity no longer keeps the changes after
 * the stored offset (FAILED_PRECONDITION), the follower first applies every erasure committed since
 * from identity's tombstones ({@code ListTombstones}, as FORGOTTEN changes), then starts again from
 * the oldest change identity keeps, logged as an error naming the merges to resynchronise.
 */
public final class IdentityChangeFollower implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(IdentityChangeFollower.class);
    private static final int TOMBSTONE_PAGE = 500;
    private static final java.time.Duration TOMBSTONE_PAGE_DEADLINE = java.time.Duration.ofSeconds(30);

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
    private final StreamReader reader = new StreamReader();
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
        if (job != null || reader.closed()) {
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
            if (reader.closed()) {
                return true;
            }
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.FAILED_PRECONDITION) {
                return catchUpOnErasures();
            } else if (!warned) {
                LOG.warnf("%s cannot follow identity changes yet (%s); retrying with backoff", consumer, code);
                warned = true;
            }
            return false;
        } catch (Exception e) {
            if (!reader.closed()) {
                LOG.warnf("%s failed to apply an identity change after offset %d, retrying: %s", consumer, offset(),
                        e.toString());
            }
            return false;
        }
    }

    /**
     * The stored offset is older than the stream keeps: every erasure identity committed since is
     * applied from its tombstones (as FORGOTTEN changes, page by page) before the follower starts
     * again from the oldest retained change. Nothing is stored until all are applied, so a failure
     * half-way is caught up again from the same offset; an erasure is never skipped.
     */
    private boolean catchUpOnErasures() {
        long behind = offset();
        try {
            int erasures = applyTombstonesAfter(behind);
            if (reader.closed()) {
                return true;
            }
            LOG.errorf("identity changes after offset %d have expired; %s applied the %d erasures identity committed "
                    + "since from its tombstones and resumes from the oldest retained change (merges and unmerges in "
                    + "between were missed: resynchronise affected persons)", behind, consumer, erasures);
            offsets.deleteOne(eq("_id", consumer));
        } catch (StatusRuntimeException e) {
            if (!reader.closed()) {
                LOG.errorf("identity changes after offset %d have expired and %s cannot list identity's tombstones "
                        + "(%s): it stays at its offset and tries again, so that no erasure is missed", behind,
                        consumer, e.getStatus());
            }
        } catch (Exception e) {
            if (!reader.closed()) {
                LOG.warnf("%s failed to apply an erasure from identity's tombstones after offset %d, retrying: %s",
                        consumer, behind, e.toString());
            }
        }
        return false;
    }

    private int applyTombstonesAfter(long after) throws Exception {
        int applied = 0;
        String token = "";
        do {
            ListTombstonesResponse page = identity.withDeadlineAfter(TOMBSTONE_PAGE_DEADLINE.toMillis(),
                    TimeUnit.MILLISECONDS).listTombstones(ListTombstonesRequest.newBuilder().setAfterOffset(after)
                            .setPage(PageRequest.newBuilder().setPageSize(TOMBSTONE_PAGE).setPageToken(token)).build());
            for (Tombstone tombstone : page.getTombstonesList()) {
                if (reader.closed()) {
                    return applied;
                }
                handler.apply(forgotten(tombstone));
                applied++;
            }
            token = page.getPage().getNextPageToken();
        } while (!token.isEmpty() && !reader.closed());
        return applied;
    }

    /** The FORGOTTEN change an erasure's tombstone stands for. */
    static IdentityChange forgotten(Tombstone tombstone) {
        List<String> ids = tombstone.getPersonIdsList();
        return IdentityChange.newBuilder().setOffset(tombstone.getChangeOffset())
                .setType(IdentityChangeType.IDENTITY_CHANGE_TYPE_FORGOTTEN).setOccurredAt(tombstone.getForgottenAt())
                .setForgotten(PersonForgotten.newBuilder().setPersonId(ids.isEmpty() ? "" : ids.get(0))
                        .addAllMergedPersonIds(ids.isEmpty() ? List.of() : ids.subList(1, ids.size())))
                .build();
    }

    private void follow() throws Exception {
        reader.read(() -> {
            var stream = identity.streamIdentityChanges(StreamIdentityChangesRequest.newBuilder()
                    .setAfterOffset(offset()).setConsumer(consumer).build());
            LOG.infof("%s follows identity changes after offset %d", consumer, offset());
            return stream;
        }, next -> {
            if (next.hasChange()) {
                handler.apply(next.getChange());
                store(next.getChange().getOffset());
            } else if (next.hasHeartbeat()) {
                store(next.getHeartbeat().getLatestOffset());
            }
        });
    }

    /** Stops following: the open stream is cancelled and a change being applied is waited for (up to 5 s). */
    @Override
    public void close() {
        reader.close();
        RestartingJob running = job;
        if (running != null) {
            running.close();
        }
    }
}
