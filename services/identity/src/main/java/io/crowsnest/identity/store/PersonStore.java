package io.crowsnest.identity.store;

import static com.mongodb.client.model.Filters.eq;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

import io.crowsnest.identity.domain.Identifier;
import io.crowsnest.identity.domain.PersonKind;

/**
 * Persons keyed by their id, each with the identifiers linked to it (masked, keyed by hash under
 * {@code links}) so that reading an identity is one lookup by _id.
 */
@ApplicationScoped
public class PersonStore {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> persons;

    @PostConstruct
    void init() {
        persons = database.getCollection("persons");
    }

    /** One identifier linked to a person, as stored (never the raw value). */
    public record Link(String hash, String type, String namespace, String masked, boolean unique,
            Instant firstSeenAt, Instant lastSeenAt) {
    }

    /** A stored person; links most recently seen first. */
    public record Person(String id, PersonKind kind, Instant createdAt, Instant updatedAt, List<Link> links) {
    }

    public void insert(String id, PersonKind kind, Instant at) {
        persons.insertOne(new Document("_id", id).append("kind", kind.name()).append("createdAt", Date.from(at))
                .append("updatedAt", Date.from(at)).append("links", new Document()));
    }

    /** Removes a person created by a request that then lost the race for its first identifier. */
    public void delete(String id) {
        persons.deleteOne(eq("_id", id));
    }

    public Optional<Person> find(String id) {
        Document doc = persons.find(eq("_id", id)).first();
        if (doc == null) {
            return Optional.empty();
        }
        List<Link> links = new ArrayList<>();
        Document stored = doc.get("links", Document.class);
        if (stored != null) {
            for (Map.Entry<String, Object> e : stored.entrySet()) {
                Document l = (Document) e.getValue();
                links.add(new Link(e.getKey(), l.getString("type"), l.getString("namespace"), l.getString("masked"),
                        Boolean.TRUE.equals(l.getBoolean("unique")), l.getDate("firstSeenAt").toInstant(),
                        l.getDate("lastSeenAt").toInstant()));
            }
        }
        links.sort(Comparator.comparing(Link::lastSeenAt).reversed().thenComparing(Link::hash));
        return Optional.of(new Person(doc.getString("_id"), PersonKind.valueOf(doc.getString("kind")),
                doc.getDate("createdAt").toInstant(), doc.getDate("updatedAt").toInstant(), links));
    }

    /** Links (or touches) an identifier; the person becomes KNOWN when its type marks known. */
    public void link(String personId, Identifier identifier, Instant seenAt, Instant now) {
        String path = "links." + identifier.hash() + ".";
        Document set = new Document(path + "type", identifier.type().name())
                .append(path + "namespace", identifier.namespace())
                .append(path + "masked", identifier.masked())
                .append(path + "unique", identifier.type().unique());
        if (identifier.type().marksKnown()) {
            set.append("kind", PersonKind.KNOWN.name());
        }
        persons.updateOne(eq("_id", personId), new Document("$set", set)
                .append("$min", new Document(path + "firstSeenAt", Date.from(seenAt)))
                .append("$max", new Document(path + "lastSeenAt", Date.from(seenAt))
                        .append("updatedAt", Date.from(now))));
    }
}
