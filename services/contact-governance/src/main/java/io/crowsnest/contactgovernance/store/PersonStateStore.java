package io.crowsnest.contactgovernance.store;

import static com.mongodb.client.model.Filters.eq;

import java.time.Instant;
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
import com.mongodb.client.model.ReplaceOptions;

import io.crowsnest.contactgovernance.domain.PersonState;
import io.crowsnest.platform.digest.Digests;

/**
 * Person ids that no longer stand for themselves: merged into a survivor, or forgotten. Keyed by
 * a hash of the id, so that a forgotten person leaves only an opaque tombstone behind.
 */
@ApplicationScoped
public class PersonStateStore {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> states;

    @PostConstruct
    void init() {
        states = database.getCollection("person_states");
        states.createIndex(new Document("survivor", 1));
    }

    /** What became of the id; empty when it stands for itself. */
    public Optional<PersonState> find(String personId) {
        Document doc = states.find(eq("_id", tombstone(personId))).first();
        if (doc == null) {
            return Optional.empty();
        }
        if ("FORGOTTEN".equals(doc.getString("state"))) {
            return Optional.of(new PersonState.Forgotten(doc.getDate("at").toInstant()));
        }
        return Optional.of(new PersonState.Merged(doc.getString("survivor"), doc.getString("mergeId"),
                doc.getDate("at").toInstant()));
    }

    public void merged(String personId, String survivor, String mergeId, Instant at) {
        states.replaceOne(eq("_id", tombstone(personId)), new Document("_id", tombstone(personId))
                .append("state", "MERGED").append("personId", personId).append("survivor", survivor)
                .append("mergeId", mergeId).append("at", Date.from(at)), new ReplaceOptions().upsert(true));
    }

    /** Ids merged into the survivor. */
    public List<String> mergedInto(String survivor) {
        List<String> ids = new ArrayList<>();
        for (Document doc : states.find(eq("survivor", survivor))) {
            if ("MERGED".equals(doc.getString("state"))) {
                ids.add(doc.getString("personId"));
            }
        }
        return ids;
    }

    /** Replaces whatever was known of the id by an opaque tombstone. */
    public void forgotten(String personId, Instant at) {
        states.replaceOne(eq("_id", tombstone(personId)), new Document("_id", tombstone(personId))
                .append("state", "FORGOTTEN").append("at", Date.from(at)), new ReplaceOptions().upsert(true));
    }

    static String tombstone(String personId) {
        return Digests.sha256Hex("crowsnest-person:" + personId);
    }
}
