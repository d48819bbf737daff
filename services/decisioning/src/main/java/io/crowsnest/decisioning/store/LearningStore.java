package io.crowsnest.decisioning.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.crowsnest.decisioning.domain.LearnedPropensity.Evidence;

/**
 * What the propensity model learns from ({@code responses}): one document per decision and action
 * that got an outcome, saying it was presented and whether it was accepted. Recording is an
 * idempotent upsert ($set and $max), so a replayed outcome never counts twice, and the counts are an
 * aggregation over the window, the same from every replica and after any restart.
 */
@ApplicationScoped
public class LearningStore {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> responses;

    @PostConstruct
    void init() {
        responses = database.getCollection("responses");
        responses.createIndex(Indexes.ascending("at"));
        responses.createIndex(Indexes.ascending("person_id"));
    }

    /** The action was presented (any outcome implies it); accepted when the outcome is a success. */
    public void record(String decisionId, String actionId, String channel, String personId, Instant at,
            boolean accepted) {
        responses.updateOne(eq("_id", decisionId + ":" + actionId),
                Updates.combine(Updates.setOnInsert("action_id", actionId), Updates.setOnInsert("channel", channel),
                        Updates.setOnInsert("at", Docs.date(at)), Updates.set("person_id", personId),
                        Updates.max("accepted", accepted ? 1 : 0)),
                new UpdateOptions().upsert(true));
    }

    /** Presentations and acceptances per "action|channel" since the instant. */
    public Map<String, Evidence> countsSince(Instant since) {
        Map<String, Evidence> out = new HashMap<>();
        for (Document d : responses.aggregate(List.of(Aggregates.match(gte("at", Docs.date(since))),
                Aggregates.group(new Document("action", "$action_id").append("channel", "$channel"),
                        Accumulators.sum("presented", 1), Accumulators.sum("accepted", "$accepted"))))) {
            Document id = d.get("_id", Document.class);
            out.put(id.getString("action") + "|" + id.getString("channel"),
                    new Evidence(d.get("presented", Number.class).longValue(),
                            d.get("accepted", Number.class).longValue()));
        }
        return out;
    }

    public void reassign(String fromPersonId, String toPersonId) {
        responses.updateMany(eq("person_id", fromPersonId), Updates.set("person_id", toPersonId));
    }

    public long deleteOf(Collection<String> personIds) {
        return responses.deleteMany(in("person_id", personIds)).getDeletedCount();
    }

    public long deleteBefore(Instant before) {
        return responses.deleteMany(lt("at", Docs.date(before))).getDeletedCount();
    }
}
