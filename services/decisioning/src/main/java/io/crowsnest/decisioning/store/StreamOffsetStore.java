package io.crowsnest.decisioning.store;

import static com.mongodb.client.model.Filters.eq;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;

/**
 * How far decisioning has processed a neighbour's stream, by consumer ({@code stream_offsets}): the
 * offset only grows ($max), so instances following the same stream never move it back.
 */
@ApplicationScoped
public class StreamOffsetStore {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> offsets;

    @PostConstruct
    void init() {
        offsets = database.getCollection("stream_offsets");
    }

    /** The last offset processed; 0 before the first. */
    public long offset(String consumer) {
        Document d = offsets.find(eq("_id", consumer)).first();
        return d == null ? 0 : d.get("offset", Number.class).longValue();
    }

    /** Every message up to the offset was processed. */
    public void processed(String consumer, long offset) {
        offsets.updateOne(eq("_id", consumer), new Document("$max", new Document("offset", offset)),
                new UpdateOptions().upsert(true));
    }
}
