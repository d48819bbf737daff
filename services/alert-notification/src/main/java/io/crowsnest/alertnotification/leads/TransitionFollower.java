package io.crowsnest.alertnotification.leads;

import static com.mongodb.client.model.Filters.eq;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.bson.Document;
import org.jboss.logging.Logger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;

import io.crowsnest.alertnotification.client.TransitionStream;
import io.crowsnest.alertnotification.config.LeadsConfig;
import io.crowsnest.alertnotification.domain.Transition;
import io.crowsnest.platform.jobs.Backoff;
import io.crowsnest.platform.jobs.RestartingJob;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Follows scoring's segment transition stream (ENTERED only) and hands each transition to the lead
 * engine, storing the offset in {@code scoring_stream_offsets} after the engine returned: at least
 * once, and the engine makes one lead per transition however often it comes. Reconnects with the
 * platform's peer back-off while scoring is unreachable; a transition the engine could not handle is
 * tried again.
 */
@ApplicationScoped
public class TransitionFollower {

    private static final Logger LOG = Logger.getLogger(TransitionFollower.class);
    private static final String CONSUMER = "alert-notification";

    @Inject
    TransitionStream transitions;
    @Inject
    LeadEngine engine;
    @Inject
    MongoDatabase database;
    @Inject
    LeadsConfig config;

    private volatile boolean closed;
    private volatile TransitionStream.Open call;
    private RestartingJob job;

    void start(@Observes StartupEvent event) {
        if (!config.followTransitions()) {
            return;
        }
        job = RestartingJob.start("scoring-transitions", Backoff.PEER, this::attempt);
    }

    private MongoCollection<Document> offsets() {
        return database.getCollection("scoring_stream_offsets");
    }

    long offset() {
        Document doc = offsets().find(eq("_id", CONSUMER)).first();
        return doc == null ? 0 : doc.get("offset", Number.class).longValue();
    }

    /** One attempt: follows until the stream ends (it went well) or fails (logged; the wait grows). */
    private boolean attempt() {
        try {
            follow();
            return true;
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.debugf("following scoring's transitions after %d: %s; retrying", offset(), e.toString());
            }
            return false;
        }
    }

    private void follow() {
        transitions.follow(offset(), CONSUMER, () -> !closed, open -> call = open, new TransitionStream.Handler() {
            @Override
            public void transition(Transition t) {
                engine.consider(t);
                upTo(t.offset());
            }

            @Override
            public void upTo(long offset) {
                offsets().updateOne(eq("_id", CONSUMER), new Document("$max", new Document("offset", offset)),
                        new UpdateOptions().upsert(true));
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        closed = true;
        TransitionStream.Open current = call;
        if (current != null) {
            current.close();
        }
        if (job != null) {
            job.close();
        }
    }
}
