package io.crowsnest.decisioning.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.crowsnest.decisioning.domain.Action;
import io.crowsnest.platform.mongo.MongoWrites;

/**
 * The action catalogue: one immutable document per version ({@code action_versions}, the unique _id
 * is the compare-and-set of "expected version"), one per retired action ({@code
 * action_retirements}), and a revision counter ({@code catalogue}) that every change increments so
 * that replicas reload their cached catalogue at once.
 */
@ApplicationScoped
public class ActionStore {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> versions;
    private MongoCollection<Document> retirements;
    private MongoCollection<Document> catalogue;

    @PostConstruct
    void init() {
        versions = database.getCollection("action_versions");
        retirements = database.getCollection("action_retirements");
        catalogue = database.getCollection("catalogue");
        versions.createIndex(Indexes.ascending("action_id", "version"));
    }

    /** Stores a new version; false when that version exists already (someone else made it first). */
    public boolean insertVersion(Action action) {
        return MongoWrites.insertNew(versions, ActionDocs.version(action));
    }

    /** Records a retirement; false when the action was retired already. */
    public boolean insertRetirement(String actionId, Action.Retirement r) {
        return MongoWrites.insertNew(retirements, new Document("_id", actionId).append("at", Docs.date(r.at()))
                .append("by", r.by()).append("code", r.code()).append("message", r.message()));
    }

    /** Increments the catalogue revision after a change. */
    public void changed() {
        catalogue.findOneAndUpdate(eq("_id", "revision"), Updates.inc("n", 1L),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
    }

    /** The catalogue revision: it changes whenever an action is created, updated or retired. */
    public long revision() {
        Document d = catalogue.find(eq("_id", "revision")).first();
        return d == null ? 0 : d.get("n", Number.class).longValue();
    }

    /** Every version of one action, oldest first. */
    public List<Action> versions(String actionId) {
        Optional<Action.Retirement> retired = retirement(actionId);
        List<Action> out = new ArrayList<>();
        for (Document d : versions.find(versionsOf(actionId)).sort(Sorts.ascending("_id"))) {
            out.add(ActionDocs.version(d, retired.orElse(null)));
        }
        return out;
    }

    public Optional<Action.Retirement> retirement(String actionId) {
        Document d = retirements.find(eq("_id", actionId)).first();
        return Optional.ofNullable(d).map(ActionStore::retirement);
    }

    /** Every version of every action, by action id then version. */
    public List<Action> all() {
        Map<String, Action.Retirement> retired = new HashMap<>();
        for (Document d : retirements.find()) {
            retired.put(d.getString("_id"), retirement(d));
        }
        List<Action> out = new ArrayList<>();
        for (Document d : versions.find().sort(Sorts.ascending("_id"))) {
            out.add(ActionDocs.version(d, retired.get(d.getString("action_id"))));
        }
        return out;
    }

    private static Bson versionsOf(String actionId) {
        return and(gt("_id", actionId + "@"), lt("_id", actionId + "@~"));
    }

    private static Action.Retirement retirement(Document d) {
        return new Action.Retirement(Docs.instant(d, "at"), d.getString("by"), d.getString("code"),
                Docs.string(d, "message"));
    }
}
