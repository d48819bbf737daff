package io.crowsnest.contactgovernance.store;

import static com.mongodb.client.model.Filters.eq;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;

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

    /** What became of a person id. */
    public sealed interface State {
    }

    /** Merged into survivor. */
    public record Merged(String survivor, String mergeId, Instant at) implements State {
    }

    /** Erased. */
    public record Forgotten(Instant at) implements State {
    }

    public Optional<State> find(String personId) {
        Document doc = states.find(eq("_id", tombstone(personId))).first();
        if (doc == null) {
            return Optional.empty();
        }
        if ("FORGOTTEN".equals(doc.getString("state"))) {
            return Optional.of(new Forgotten(doc.getDate("at").toInstant()));
        }
        return Optional.of(new Merged(doc.getString("survivor"), doc.getString("mergeId"),
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
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(("crowsnest-person:" + personId).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
