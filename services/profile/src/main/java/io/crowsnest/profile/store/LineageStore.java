package io.crowsnest.profile.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;

/**
 * Who shows whose data, as identity's change stream tells: the root, members and merge pointer
 * fields of the person documents. Each step is idempotent, so a change applied again (delivery is
 * at least once) or resumed after a crash ends in the same state. Data fields are never touched.
 */
@ApplicationScoped
public class LineageStore {

    @Inject
    PersonStore persons;

    private MongoCollection<Document> collection;

    @PostConstruct
    void init() {
        collection = persons.collection();
        collection.createIndex(Indexes.ascending("mergedInto"));
    }

    /** Makes sure a person has a document, a root of itself when new. */
    public void ensure(String id) {
        collection.updateOne(eq("_id", id), new Document("$setOnInsert", new Document("root", id)
                .append("members", List.of(id))), new UpdateOptions().upsert(true));
    }

    /** Adds members to a root; the attributes its profile shows change with them, counted in its attribute version. */
    public void addMembers(String root, Collection<String> ids, Instant now) {
        collection.updateOne(eq("_id", root), new Document("$addToSet", new Document("members",
                new Document("$each", List.copyOf(ids)))).append("$set", new Document("updatedAt", Mongo.date(now)))
                .append("$inc", new Document(PersonStore.ATTRIBUTES_VERSION, 1L)));
    }

    /** Takes members out of a root, counting the change in its attribute version. */
    public void removeMembers(String root, Collection<String> ids, Instant now) {
        collection.updateOne(eq("_id", root), new Document("$pullAll", new Document("members", List.copyOf(ids)))
                .append("$set", new Document("updatedAt", Mongo.date(now)))
                .append("$inc", new Document(PersonStore.ATTRIBUTES_VERSION, 1L)));
    }

    public void setRoot(Collection<String> ids, String root) {
        collection.updateMany(in("_id", ids), new Document("$set", new Document("root", root)));
    }

    public void markMerged(String id, String survivor, String mergeId) {
        collection.updateOne(eq("_id", id), new Document("$set", new Document("mergedInto", survivor)
                .append("mergeId", mergeId)));
    }

    /**
     * Makes a merged-away person a root again, of the given members (itself first), and remembers
     * the reversed merge so that a late redelivery of its MERGED change is recognised.
     */
    public void restore(String id, List<String> members, String mergeId) {
        collection.updateOne(eq("_id", id), new Document("$set", new Document("root", id).append("members", members))
                .append("$unset", new Document("mergedInto", "").append("mergeId", ""))
                .append("$addToSet", new Document("unmerged", mergeId))
                .append("$inc", new Document(PersonStore.ATTRIBUTES_VERSION, 1L)));
    }

    /** The ids merged directly into any of the given ones. */
    public List<String> mergedInto(Collection<String> survivors) {
        List<String> ids = new ArrayList<>();
        collection.find(in("mergedInto", survivors)).projection(Projections.include("_id"))
                .forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }
}
