package io.crowsnest.alertnotification.leads;

import static com.mongodb.client.model.Filters.eq;

import java.util.Iterator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.bson.Document;
import org.jboss.logging.Logger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;

import io.crowsnest.alertnotification.config.LeadsConfig;
import io.crowsnest.alertnotification.domain.Transition;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.v1.ScoringServiceGrpc.ScoringServiceBlockingStub;
import io.crowsnest.scoring.v1.SegmentTransitionType;
import io.crowsnest.scoring.v1.StreamSegmentTransitionsRequest;
import io.crowsnest.scoring.v1.StreamSegmentTransitionsResponse;
import io.grpc.Context;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Follows scoring's segment transition stream (ENTERED only) and hands each transition to the lead
 * engine, storing the offset in {@code scoring_stream_offsets} after the engine returned: at least
 * once, and the engine makes one lead per transition however often it comes. Reconnects with
 * backoff while scoring is unreachable; a transition the engine could not handle is tried again.
 */
@ApplicationScoped
public class TransitionFollower {

    private static final Logger LOG = Logger.getLogger(TransitionFollower.class);
    private static final String CONSUMER = "alert-notification";

    @GrpcClient("scoring")
    ScoringServiceBlockingStub scoring;
    @Inject
    LeadEngine engine;
    @Inject
    MongoDatabase database;
    @Inject
    LeadsConfig config;

    private volatile boolean closed;
    private volatile Context.CancellableContext call;
    private Thread thread;

    void start(@Observes StartupEvent event) {
        if (!config.followTransitions()) {
            return;
        }
        thread = new Thread(this::run, "scoring-transitions");
        thread.setDaemon(true);
        thread.start();
    }

    private MongoCollection<Document> offsets() {
        return database.getCollection("scoring_stream_offsets");
    }

    long offset() {
        Document doc = offsets().find(eq("_id", CONSUMER)).first();
        return doc == null ? 0 : doc.get("offset", Number.class).longValue();
    }

    private void run() {
        long backoff = 500;
        while (!closed) {
            try {
                follow();
                backoff = 500;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.debugf("following scoring's transitions after %d: %s; retrying", offset(), e.toString());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
    }

    private void follow() {
        Context.CancellableContext context = Context.current().withCancellation();
        call = context;
        try {
            Iterator<StreamSegmentTransitionsResponse> stream = context.call(() -> scoring.streamSegmentTransitions(
                    StreamSegmentTransitionsRequest.newBuilder().setAfterOffset(offset()).setConsumer(CONSUMER)
                            .addTypes(SegmentTransitionType.SEGMENT_TRANSITION_TYPE_ENTERED).build()));
            while (!closed && stream.hasNext()) {
                StreamSegmentTransitionsResponse next = stream.next();
                long offset;
                if (next.hasTransition()) {
                    var t = next.getTransition();
                    engine.consider(new Transition(t.getOffset(), t.getPersonId(), t.getSegmentId(),
                            Timestamps.instant(t.getOccurredAt()), t.getReason().getMessage()));
                    offset = t.getOffset();
                } else {
                    offset = next.getHeartbeat().getLatestOffset();
                }
                offsets().updateOne(eq("_id", CONSUMER), new Document("$max", new Document("offset", offset)),
                        new UpdateOptions().upsert(true));
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            context.cancel(null);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        closed = true;
        Context.CancellableContext current = call;
        if (current != null) {
            current.cancel(null);
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
