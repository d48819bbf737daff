package io.crowsnest.decisioning.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.crowsnest.decisioning.domain.Declines.Decline;

/**
 * A person's declines ({@code person_declines}, _id = person id), read in one lookup by _id when
 * deciding. Adding is $addToSet of the exact entry, so a replay adds nothing.
 */
@ApplicationScoped
public class DeclineStore {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> declines;

    @PostConstruct
    void init() {
        declines = database.getCollection("person_declines");
    }

    public void add(String personId, Decline d) {
        declines.updateOne(eq("_id", personId), Updates.addToSet("declines", entry(d)),
                new UpdateOptions().upsert(true));
    }

    public List<Decline> of(String personId) {
        Document d = declines.find(eq("_id", personId)).first();
        return d == null ? List.of() : Docs.list(d, "declines", e -> new Decline(e.getString("action_id"),
                Docs.string(e, "session_id"), Docs.instant(e, "at")));
    }

    /** Moves a merged-away person's declines to the survivor. */
    public void merge(String fromPersonId, String toPersonId) {
        List<Decline> moved = of(fromPersonId);
        if (!moved.isEmpty()) {
            declines.updateOne(eq("_id", toPersonId),
                    Updates.addEachToSet("declines", moved.stream().map(DeclineStore::entry).toList()),
                    new UpdateOptions().upsert(true));
        }
        declines.deleteOne(eq("_id", fromPersonId));
    }

    /** Drops declines older than the instant (longer ago than any cooldown). */
    public void prune(Instant before) {
        declines.updateMany(new Document(), Updates.pull("declines", Filters.lt("at", Docs.date(before))));
    }

    public void deleteOf(Collection<String> personIds) {
        declines.deleteMany(in("_id", personIds));
    }

    private static Document entry(Decline d) {
        return new Document("action_id", d.actionId()).append("session_id", d.sessionId()).append("at",
                Docs.date(d.at()));
    }
}
