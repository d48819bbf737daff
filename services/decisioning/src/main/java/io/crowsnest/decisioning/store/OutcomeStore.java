package io.crowsnest.decisioning.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static io.crowsnest.decisioning.store.Docs.date;
import static io.crowsnest.decisioning.store.Docs.instant;
import static io.crowsnest.decisioning.store.Docs.string;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;

import io.crowsnest.decisioning.domain.Outcome;
import io.crowsnest.decisioning.domain.OutcomeType;
import io.crowsnest.platform.mongo.MongoWrites;

/**
 * Outcomes ({@code outcomes}), one per decision, action and type: the _id is that triple, so the
 * first record wins and a repeat is recognised without a query.
 */
@ApplicationScoped
public class OutcomeStore {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> outcomes;

    @PostConstruct
    void init() {
        outcomes = database.getCollection("outcomes");
        outcomes.createIndex(Indexes.ascending("person_id"));
        outcomes.createIndex(Indexes.ascending("recorded_at"));
    }

    /** Stores the outcome; false when one of that type was recorded for the decision and action already. */
    public boolean insert(Outcome o) {
        return MongoWrites.insertNew(outcomes, doc(o));
    }

    public Optional<Outcome> find(String outcomeId) {
        return Optional.ofNullable(outcomes.find(eq("_id", outcomeId)).first()).map(OutcomeStore::outcome);
    }

    /** The outcomes of a decision's actions, oldest first (read by _id only). */
    public List<Outcome> ofDecision(String decisionId, Collection<String> actionIds) {
        List<String> ids = new ArrayList<>();
        for (String actionId : actionIds) {
            for (OutcomeType t : OutcomeType.values()) {
                ids.add(Outcome.idOf(decisionId, actionId, t));
            }
        }
        List<Outcome> out = new ArrayList<>();
        if (ids.isEmpty()) {
            return out;
        }
        outcomes.find(in("_id", ids)).forEach(d -> out.add(outcome(d)));
        out.sort(Comparator.comparing(Outcome::occurredAt).thenComparing(Outcome::recordedAt));
        return out;
    }

    public long reassign(String fromPersonId, String toPersonId) {
        return outcomes.updateMany(eq("person_id", fromPersonId), Updates.set("person_id", toPersonId))
                .getModifiedCount();
    }

    public long deleteOf(Collection<String> personIds) {
        return outcomes.deleteMany(in("person_id", personIds)).getDeletedCount();
    }

    public long deleteBefore(Instant before) {
        return outcomes.deleteMany(lt("recorded_at", date(before))).getDeletedCount();
    }

    private static Document doc(Outcome o) {
        return new Document("_id", o.id()).append("decision_id", o.decisionId()).append("person_id", o.personId())
                .append("action_id", o.actionId()).append("action_version", o.actionVersion())
                .append("type", o.type().name()).append("occurred_at", date(o.occurredAt()))
                .append("recorded_at", date(o.recordedAt())).append("channel", o.channel())
                .append("agent_id", o.agentId()).append("session_id", o.sessionId())
                .append("conversion_value", Docs.money(o.conversionValue())).append("reason", Docs.reason(o.reason()));
    }

    private static Outcome outcome(Document d) {
        return new Outcome(d.getString("_id"), d.getString("decision_id"), d.getString("person_id"),
                d.getString("action_id"), d.getInteger("action_version"), OutcomeType.valueOf(d.getString("type")),
                instant(d, "occurred_at"), instant(d, "recorded_at"), d.getString("channel"), string(d, "agent_id"),
                string(d, "session_id"), Docs.money(d.get("conversion_value", Document.class)),
                Docs.reason(d.get("reason", Document.class)));
    }
}
