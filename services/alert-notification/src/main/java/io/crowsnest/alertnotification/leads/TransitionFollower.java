package io.crowsnest.alertnotification.leads;

import static com.mongodb.client.model.Filters.eq;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;

import io.crowsnest.alertnotification.client.TransitionStream;
import io.crowsnest.alertnotification.config.LeadsConfig;
import io.crowsnest.platform.scoring.SegmentEntryFollower;
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

    private static final String CONSUMER = "alert-notification";

    @Inject
    TransitionStream transitions;
    @Inject
    LeadEngine engine;
    @Inject
    MongoDatabase database;
    @Inject
    LeadsConfig config;

    private SegmentEntryFollower follower;

    void start(@Observes StartupEvent event) {
        if (!config.followTransitions()) {
            return;
        }
        follower = transitions.follower(CONSUMER, new SegmentEntryFollower.Offsets() {
            @Override
            public long offset() {
                return TransitionFollower.this.offset();
            }

            @Override
            public void processed(long offset) {
                offsets().updateOne(eq("_id", CONSUMER), new Document("$max", new Document("offset", offset)),
                        new UpdateOptions().upsert(true));
            }
        }, engine::consider);
        follower.start();
    }

    private MongoCollection<Document> offsets() {
        return database.getCollection("scoring_stream_offsets");
    }

    long offset() {
        Document doc = offsets().find(eq("_id", CONSUMER)).first();
        return doc == null ? 0 : doc.get("offset", Number.class).longValue();
    }

    void stop(@Observes ShutdownEvent event) {
        if (follower != null) {
            follower.close();
        }
    }
}
