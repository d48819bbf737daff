package io.crowsnest.scoring.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;

import io.crowsnest.platform.mongo.MongoWrites;
import io.crowsnest.scoring.domain.Activation;
import io.crowsnest.scoring.domain.Timeline;

/**
 * Plan versions (immutable once written, {@code plan_versions}) and the one document holding the
 * activation timeline of every plan ({@code plan_timeline}). An activation replaces that document
 * under a revision check, so it is atomic and conflicts between plans (a score name owned twice)
 * are checked against one consistent picture. A version's content is written by {@link PlanFormat}.
 */
@ApplicationScoped
public class PlanStore {

    private static final String TIMELINE_ID = "timeline";

    @Inject
    MongoDatabase database;
    @Inject
    PlanFormat format;

    private MongoCollection<Document> versions;
    private MongoCollection<Document> timeline;

    /** The timeline with the revision an update must name. */
    public record VersionedTimeline(long revision, Timeline timeline) {
    }

    @PostConstruct
    void init() {
        versions = database.getCollection("plan_versions");
        timeline = database.getCollection("plan_timeline");
        versions.createIndex(Indexes.compoundIndex(Indexes.ascending("planId"), Indexes.descending("version")),
                new IndexOptions().unique(true));
    }

    /** Writes a new version; false when that version number exists already (a concurrent edit won). */
    public boolean insert(StoredPlanVersion v) {
        Document doc = new Document("_id", v.plan().planId() + ":" + v.version())
                .append("planId", v.plan().planId())
                .append("version", v.version())
                .append("baseVersion", v.baseVersion())
                .append("createdBy", v.createdBy())
                .append("createdAt", Date.from(v.createdAt()))
                .append("changeNote", v.changeNote())
                .append("content", format.plan(v.plan()));
        return MongoWrites.insertNew(versions, doc);
    }

    public Optional<StoredPlanVersion> find(String planId, long version) {
        return Optional.ofNullable(versions.find(eq("_id", planId + ":" + version)).first()).map(this::read);
    }

    public Optional<StoredPlanVersion> latest(String planId) {
        return Optional.ofNullable(versions.find(eq("planId", planId)).sort(Sorts.descending("version")).first())
                .map(this::read);
    }

    /** Versions of one plan below a version number (0: from the latest), newest first. */
    public List<StoredPlanVersion> versions(String planId, long below, int limit) {
        List<StoredPlanVersion> out = new ArrayList<>();
        versions.find(and(eq("planId", planId), lt("version", below == 0 ? Long.MAX_VALUE : below)))
                .sort(Sorts.descending("version")).limit(limit).forEach(d -> out.add(read(d)));
        return out;
    }

    /** Plan ids after the given one ("" for the first page), in order. */
    public List<String> planIds(String after, int limit) {
        List<String> ids = new ArrayList<>();
        versions.aggregate(List.of(Aggregates.match(gt("planId", after)), Aggregates.group("$planId"),
                Aggregates.sort(Sorts.ascending("_id")), Aggregates.limit(limit)))
                .forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }

    public VersionedTimeline timeline() {
        Document doc = timeline.find(eq("_id", TIMELINE_ID)).first();
        if (doc == null) {
            return new VersionedTimeline(0, Timeline.empty());
        }
        List<Activation> entries = new ArrayList<>();
        for (Document a : doc.getList("entries", Document.class)) {
            entries.add(new Activation(a.getString("planId"), a.getLong("version"), a.getDate("from").toInstant(),
                    a.getDate("at").toInstant(), a.getString("by"), a.getString("note")));
        }
        return new VersionedTimeline(doc.getLong("revision"), new Timeline(entries));
    }

    /** Replaces the timeline if it is still at the expected revision; false when another change won. */
    public boolean replaceTimeline(long expectedRevision, Timeline next) {
        List<Document> entries = new ArrayList<>();
        for (Activation a : next.entries()) {
            entries.add(new Document("planId", a.planId()).append("version", a.version())
                    .append("from", Date.from(a.effectiveFrom())).append("at", Date.from(a.activatedAt()))
                    .append("by", a.activatedBy()).append("note", a.note()));
        }
        if (expectedRevision == 0) {
            return MongoWrites.insertNew(timeline, new Document("_id", TIMELINE_ID).append("revision", 1L)
                    .append("entries", entries));
        }
        return timeline.updateOne(and(eq("_id", TIMELINE_ID), eq("revision", expectedRevision)),
                new Document("$set", new Document("revision", expectedRevision + 1).append("entries", entries)))
                .getModifiedCount() == 1;
    }

    private StoredPlanVersion read(Document d) {
        return new StoredPlanVersion(format.plan(d.get("content", Document.class)), d.getLong("version"),
                d.getLong("baseVersion"), d.getString("createdBy"),
                d.getDate("createdAt").toInstant(), d.getString("changeNote"));
    }
}
