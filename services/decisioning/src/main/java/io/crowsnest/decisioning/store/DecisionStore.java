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
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.crowsnest.decisioning.domain.Decision;

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
    }

    public void insert(Decision decision) {
        decisions.insertOne(DecisionDocs.decision(decision));
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
