package io.crowsnest.identity.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;

import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

import io.crowsnest.identity.domain.Identifier;

/**
 * The links of persons (see {@link PersonStore}, {@code links.<hash>}) as a hash key rotation
 * moves them from a hash an older key made to the identifier's current hash. A link is keyed by
 * the hash of the identifier document it refers to, which records the key's version.
 */
@ApplicationScoped
public class PersonLinks {

    private static final List<String> DESCRIPTION = List.of("type", "namespace", "masked", "unique");

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> persons;

    @PostConstruct
    void init() {
        persons = database.getCollection("persons");
    }

    /**
     * Moves a person's link from a hash made by an older key to the identifier's current hash (when
     * the person still has it: a tombstone has no links and gets none); a link the current hash has
     * already keeps the earliest first and the latest last use of both.
     */
    public void relink(String personId, String olderHash, Identifier identifier) {
        Document person = persons.find(eq("_id", personId)).projection(new Document("links." + olderHash, 1)).first();
        Document links = person == null ? null : person.get("links", Document.class);
        Document link = links == null ? null : links.get(olderHash, Document.class);
        if (link == null) {
            return;
        }
        String path = "links." + identifier.hash() + ".";
        Document set = new Document();
        DESCRIPTION.forEach(field -> set.append(path + field, link.get(field)));
        persons.updateOne(and(eq("_id", personId), exists("links." + olderHash, true), eq("forgottenAt", null)),
                new Document("$set", set)
                        .append("$min", new Document(path + "firstSeenAt", link.get("firstSeenAt")))
                        .append("$max", new Document(path + "lastSeenAt", link.get("lastSeenAt")))
                        .append("$unset", new Document("links." + olderHash, "")));
    }

    /** Whether the person is erased or its erasure has started (nothing may be kept for it then). */
    public boolean erasing(String personId) {
        Document person = persons.find(eq("_id", personId))
                .projection(new Document("forgottenAt", 1).append("forgettingSince", 1)).first();
        return person == null || person.get("forgottenAt") != null || person.get("forgettingSince") != null;
    }
}
