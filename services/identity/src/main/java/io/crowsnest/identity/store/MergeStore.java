package io.crowsnest.identity.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.types.Binary;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;

import io.crowsnest.identity.domain.Merge;

/**
 * Merge lineage: one document per merge, the merge kept whole in {@code record} (the contract's
 * MergeRecord bytes, written and read through {@link RecordFormat}), plus the fields looked up by
 * (survivor, merged) and its state. A merge is written PENDING before the persons
 * change and DONE once its change is on the feed, so that a crash in between is finished by
 * the sweeper instead of leaving a merge nobody was told about.
 */
@ApplicationScoped
public class MergeStore {

    /** Where a merge or an unmerge is in its steps. */
    public enum State {
        PENDING, DONE, UNMERGE_PENDING, UNMERGED
    }

    @Inject
    MongoDatabase database;
    @Inject
    RecordFormat format;

    private MongoCollection<Document> merges;

    @PostConstruct
    void init() {
        merges = database.getCollection("merges");
        merges.createIndex(Indexes.ascending("survivor"));
        merges.createIndex(Indexes.ascending("state", "updatedAt"));
    }

    /** A stored merge and its state. */
    public record Stored(Merge record, State state, Instant updatedAt) {
    }

    public void insert(Merge record, State state, Instant now) {
        merges.insertOne(new Document("_id", record.mergeId()).append("survivor", record.survivorPersonId())
                .append("merged", record.mergedPersonId()).append("state", state.name())
                .append("updatedAt", Date.from(now)).append("record", new Binary(format.merge(record))));
    }

    /** Moves a merge from one state to the next; false when it was not in the expected state. */
    public boolean advance(Merge record, State from, State to, Instant now) {
        return merges.updateOne(and(eq("_id", record.mergeId()), eq("state", from.name())),
                new Document("$set", new Document("state", to.name()).append("updatedAt", Date.from(now))
                        .append("record", new Binary(format.merge(record))))).getMatchedCount() == 1;
    }

    public void delete(String mergeId) {
        merges.deleteOne(eq("_id", mergeId));
    }

    public Optional<Stored> find(String mergeId) {
        return Optional.ofNullable(merges.find(eq("_id", mergeId)).first()).map(this::stored);
    }

    /** The merges with these ids (a lineage, as its persons list it), oldest first: one read by _id. */
    public List<Stored> byIds(Collection<String> mergeIds) {
        List<Stored> found = new ArrayList<>();
        if (!mergeIds.isEmpty()) {
            merges.find(in("_id", mergeIds)).forEach(d -> found.add(stored(d)));
        }
        found.sort(Comparator.comparing((Stored s) -> s.record().mergedAt()));
        return found;
    }

    /**
     * The ids of every merge the person survived (on the survivor index): what a person stored
     * before it listed them is filled in from.
     */
    public List<String> idsBySurvivor(String survivor) {
        List<String> ids = new ArrayList<>();
        merges.find(eq("survivor", survivor)).projection(new Document("_id", 1))
                .forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }

    /** Merges left half-way (PENDING or UNMERGE_PENDING) since before the given instant. */
    public List<Stored> stuckSince(Instant before) {
        List<Stored> found = new ArrayList<>();
        for (State state : List.of(State.PENDING, State.UNMERGE_PENDING)) {
            merges.find(and(eq("state", state.name()), lt("updatedAt", Date.from(before))))
                    .forEach(d -> found.add(stored(d)));
        }
        return found;
    }

    /** Erases the lineage of merges in which any of the persons took part. */
    public void deleteInvolving(Collection<String> personIds) {
        merges.deleteMany(or(in("survivor", personIds), in("merged", personIds)));
    }

    private Stored stored(Document doc) {
        try {
            return new Stored(format.merge(doc.get("record", Binary.class).getData()),
                    State.valueOf(doc.getString("state")), doc.getDate("updatedAt").toInstant());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("merge " + doc.get("_id") + " is not a readable MergeRecord", e);
        }
    }
}
