package io.crowsnest.decisioning.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.crowsnest.decisioning.domain.Decision;
import io.crowsnest.platform.mongo.MongoWrites;

/**
 * The decision log ({@code decisions}): one document per decision, _id time-ordered so that a
 * person's decisions page newest first by _id.
 */
@ApplicationScoped
public class DecisionStore {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> decisions;

    @PostConstruct
    void init() {
        decisions = database.getCollection("decisions");
        decisions.createIndex(Indexes.compoundIndex(Indexes.ascending("person_id"), Indexes.descending("_id")));
        decisions.createIndex(Indexes.ascending("decided_at"));
        // a Decide's idempotency key names one decision (a campaign's decisions carry none)
        decisions.createIndex(Indexes.ascending("idempotency_key"), new IndexOptions().unique(true).sparse(true));
    }

    public void insert(Decision decision) {
        decisions.insertOne(DecisionDocs.decision(decision));
    }

    /** What logging a Decide's decision under its idempotency key found. */
    public sealed interface Logged {
    }

    /**
     * This decision is logged, under the key: as the log keeps it (instants to the millisecond), so
     * that its answer is the one a retry and GetDecision give.
     */
    public record Written(Decision decision) implements Logged {
    }

    /** The same request was decided before: that decision, which answers it. */
    public record Earlier(Decision decision) implements Logged {
    }

    /** The key was used with a different request. */
    public record Reused() implements Logged {
    }

    /**
     * Logs a Decide's decision with its idempotency key and its request's content hash: the log entry
     * is the request's idempotency record (a unique index on the key), so that a retry, or a duplicate
     * running at the same time, finds the decision that answers it instead of logging a second one.
     */
    public Logged insert(Decision decision, String idempotencyKey, String requestHash) {
        Document doc = DecisionDocs.decision(decision).append("idempotency_key", idempotencyKey)
                .append("request_hash", requestHash);
        if (MongoWrites.insertNew(decisions, doc)) {
            return new Written(DecisionDocs.decision(doc));
        }
        Document earlier = decisions.find(eq("idempotency_key", idempotencyKey)).first();
        if (earlier == null) {
            // erased meanwhile, or (never in practice) another decision's random id: log it again
            return insert(decision, idempotencyKey, requestHash);
        }
        return requestHash.equals(earlier.getString("request_hash")) ? new Earlier(DecisionDocs.decision(earlier))
                : new Reused();
    }

    public Optional<Decision> find(String decisionId) {
        return Optional.ofNullable(decisions.find(eq("_id", decisionId)).first()).map(DecisionDocs::decision);
    }

    /** A page of the decisions of these persons, newest first, after the decision id (exclusive). */
    public List<Decision> page(Collection<String> personIds, String afterId, int size) {
        Bson filter = in("person_id", personIds);
        if (!afterId.isEmpty()) {
            filter = and(filter, lt("_id", afterId));
        }
        List<Decision> out = new ArrayList<>();
        for (Document d : decisions.find(filter).sort(Sorts.descending("_id")).limit(size)) {
            out.add(DecisionDocs.decision(d));
        }
        return out;
    }

    /** Moves a merged-away person's decisions to the survivor. */
    public long reassign(String fromPersonId, String toPersonId) {
        return decisions.updateMany(eq("person_id", fromPersonId), Updates.set("person_id", toPersonId))
                .getModifiedCount();
    }

    public long deleteOf(Collection<String> personIds) {
        return decisions.deleteMany(in("person_id", personIds)).getDeletedCount();
    }

    /** Retention: deletes decisions made before the instant; returns their ids' count. */
    public long deleteBefore(Instant before) {
        return decisions.deleteMany(lt("decided_at", Docs.date(before))).getDeletedCount();
    }
}
