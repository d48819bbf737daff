package io.crowsnest.contactgovernance.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;

/**
 * Persons whose live counters missed a change because Redis was unreachable (a commit written to
 * the ledger, a release): their counters are rebuilt from the ledger before their next grant.
 */
@ApplicationScoped
public class StaleCounterStore {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> stale;

    @PostConstruct
    void init() {
        stale = database.getCollection("stale_counters");
    }

    public void mark(String personId, Instant at) {
        stale.updateOne(eq("_id", personId), new Document("$set", new Document("markedAt", Date.from(at))),
                new UpdateOptions().upsert(true));
    }

    /** When the person was last marked, if it is. */
    public Optional<Date> marked(String personId) {
        Document doc = stale.find(eq("_id", personId)).first();
        return Optional.ofNullable(doc).map(d -> d.getDate("markedAt"));
    }

    /** Deletes the person's mark, whatever it holds (an erasure: the mark is keyed by the person id). */
    public void forget(String personId) {
        stale.deleteOne(eq("_id", personId));
    }

    /** Clears the mark if nobody marked the person again since it was read. */
    public void clear(String personId, Date seen) {
        stale.deleteOne(and(eq("_id", personId), eq("markedAt", seen)));
    }
}
