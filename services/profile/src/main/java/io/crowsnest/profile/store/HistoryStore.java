package io.crowsnest.profile.store;

import io.crowsnest.platform.mongo.MongoWrites;
import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Filters.regex;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;

/**
 * The attribute history, one document per change with a deterministic id (derived from the request
 * or merge that caused it), so that writing the changes of a retried request again adds nothing.
 * Each change is kept under the person id it was recorded for, like every fact.
 */
@ApplicationScoped
public class HistoryStore {

    private static final Bson NEWEST_FIRST = Sorts.descending("recordedAt", "_id");

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> changes;

    @PostConstruct
    void init() {
        changes = database.getCollection("attribute_changes");
        changes.createIndex(Indexes.compoundIndex(Indexes.ascending("person"), NEWEST_FIRST));
    }

    /**
     * One change.
     *
     * @param person   the person id it was recorded for
     * @param oldValue the value before, plain Java, or null
     * @param newValue the value supplied, or null when cleared
     * @param cause    UPDATE, MERGE or UNMERGE
     * @param mergeId  for MERGE and UNMERGE: identity's merge id; empty otherwise
     */
    public record Entry(String id, String person, String path, Object oldValue, Object newValue, boolean applied,
            Instant observedAt, Instant recordedAt, String source, String agentId, String cause, String mergeId) {
    }

    /** Where a page ends: the last change returned. */
    public record Cursor(Instant recordedAt, String id) {
    }

    /** Writes the changes whose ids are not stored yet. */
    public void insertAll(List<Entry> entries) {
        for (Entry e : entries) {
            MongoWrites.insertNew(changes, new Document("_id", e.id()).append("person", e.person()).append("path", e.path())
                    .append("old", FactDocs.json(e.oldValue())).append("new", FactDocs.json(e.newValue()))
                    .append("applied", e.applied()).append("observedAt", Mongo.date(e.observedAt()))
                    .append("recordedAt", Mongo.date(e.recordedAt())).append("source", e.source())
                    .append("agentId", e.agentId()).append("cause", e.cause()).append("mergeId", e.mergeId()));
        }
    }

    /**
     * A page, newest first, of the persons' changes whose path lies under one of the prefixes (all
     * when none) and recorded in [from, to) (open when null).
     */
    public List<Entry> page(Collection<String> persons, List<String> prefixes, Instant from, Instant to,
            Cursor after, int limit) {
        List<Bson> filters = new ArrayList<>();
        filters.add(in("person", persons));
        if (!prefixes.isEmpty()) {
            filters.add(or(prefixes.stream().map(p -> regex("path", "^" + p.replace(".", "\\.") + "(\\.|$)")).toList()));
        }
        if (from != null) {
            filters.add(gte("recordedAt", Mongo.date(from)));
        }
        if (to != null) {
            filters.add(lt("recordedAt", Mongo.date(to)));
        }
        if (after != null) {
            filters.add(or(lt("recordedAt", Mongo.date(after.recordedAt())),
                    and(eq("recordedAt", Mongo.date(after.recordedAt())), lt("_id", after.id()))));
        }
        List<Entry> page = new ArrayList<>();
        changes.find(and(filters)).sort(NEWEST_FIRST).limit(limit).forEach(d -> page.add(entry(d)));
        return page;
    }

    public long deleteByPersons(Collection<String> persons) {
        return changes.deleteMany(in("person", persons)).getDeletedCount();
    }

    private static Entry entry(Document d) {
        return new Entry(d.getString("_id"), d.getString("person"), d.getString("path"),
                FactDocs.value(d.getString("old")), FactDocs.value(d.getString("new")), d.getBoolean("applied"),
                Mongo.instant(d.getDate("observedAt")), Mongo.instant(d.getDate("recordedAt")), d.getString("source"),
                d.getString("agentId"), d.getString("cause"), d.getString("mergeId"));
    }
}
