package io.crowsnest.contactgovernance.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

/**
 * Stale marks as versions before 2026-12-08 kept them: one document per person in
 * {@code stale_counters}, read by every grant. The mark now lives in the person's consents
 * document ({@link ConsentStore#markCountersStale}); instances of the version before still write
 * here during a rolling upgrade, so {@code sweeps/LegacyStaleMarkSweep} moves what it finds here
 * into the consents documents, every few seconds.
 */
@ApplicationScoped
public class LegacyStaleMarks {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> stale;

    @PostConstruct
    void init() {
        stale = database.getCollection("stale_counters");
    }

    /** A person marked here, and when. */
    public record Mark(String personId, Instant markedAt) {
    }

    /** Up to {@code limit} marks (usually none: only a version before writes them). */
    public List<Mark> some(int limit) {
        List<Mark> out = new ArrayList<>();
        for (Document doc : stale.find().limit(limit)) {
            out.add(new Mark(doc.getString("_id"), doc.getDate("markedAt").toInstant()));
        }
        return out;
    }

    /** Deletes the mark if nobody marked the person again since it was read. */
    public void clear(Mark seen) {
        stale.deleteOne(and(eq("_id", seen.personId()), eq("markedAt", Date.from(seen.markedAt()))));
    }

    /** Deletes the person's mark, whatever it holds (an erasure: the mark is keyed by the person id). */
    public void forget(String personId) {
        stale.deleteOne(eq("_id", personId));
    }
}
