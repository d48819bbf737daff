package io.crowsnest.identity.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;

import io.crowsnest.identity.domain.HashKeys;
import io.crowsnest.identity.domain.Identifier;
import io.crowsnest.platform.mongo.MongoWrites;

/**
 * Who holds each identifier, keyed by the identifier's keyed hash (_id), so that matching is one
 * lookup by _id. A unique identifier names its one holder ({@code personId}); the unique insert
 * of that document is the compare-and-set that decides which person gets a new identifier. A
 * shareable identifier lists its holders under {@code holders.<personId>}. {@code hashKeyVersion}
 * is the version of the hash key that made the _id; a document without it was made by the original
 * key ({@link HashKeys#ORIGINAL_VERSION}).
 */
@ApplicationScoped
public class IdentifierStore {

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> identifiers;

    @PostConstruct
    void init() {
        identifiers = database.getCollection("identifiers");
        // counted by version while a hash key is rotated (documents without it count as the original)
        identifiers.createIndex(Indexes.ascending(KeyVersions.FIELD));
    }

    /** One holder of an identifier and when it first and last used it. */
    public record Holder(String personId, Instant firstSeenAt, Instant lastSeenAt) {
    }

    /** Holders, most recently seen first (exactly one for a unique identifier). */
    public Optional<List<Holder>> holders(String hash) {
        return Optional.ofNullable(identifiers.find(eq("_id", hash)).first()).map(IdentifierStore::holders);
    }

    /** holders() of many identifiers in one read: by hash, for those that exist. */
    public Map<String, List<Holder>> holders(Collection<String> hashes) {
        Map<String, List<Holder>> found = new HashMap<>();
        if (!hashes.isEmpty()) {
            for (Document doc : identifiers.find(in("_id", hashes))) {
                found.put(doc.getString("_id"), holders(doc));
            }
        }
        return found;
    }

    private static List<Holder> holders(Document doc) {
        if (doc.containsKey("personId")) {
            return List.of(holder(doc.getString("personId"), doc));
        }
        Document holders = doc.get("holders", Document.class);
        return holders == null ? List.of()
                : holders.entrySet().stream()
                        .map(e -> holder(e.getKey(), (Document) e.getValue()))
                        .sorted(Comparator.comparing(Holder::lastSeenAt).reversed().thenComparing(Holder::personId))
                        .toList();
    }

    private static Holder holder(String personId, Document seen) {
        return new Holder(personId, seen.getDate("firstSeenAt").toInstant(), seen.getDate("lastSeenAt").toInstant());
    }

    /**
     * Gives a new identifier to a person: true when this call created it, false when it exists
     * already (held by someone, possibly a concurrent request's person).
     */
    public boolean claim(Identifier identifier, String personId, Instant seenAt) {
        Document doc = describe(identifier);
        if (identifier.type().unique()) {
            doc.append("personId", personId).append("firstSeenAt", Date.from(seenAt))
                    .append("lastSeenAt", Date.from(seenAt));
        } else {
            doc.append("holders", new Document(personId, new Document("firstSeenAt", Date.from(seenAt))
                    .append("lastSeenAt", Date.from(seenAt))));
        }
        return MongoWrites.insertNew(identifiers, doc);
    }

    /** Records that the holder of a unique identifier used it again (an older use moves its first use back). */
    public void touch(String hash, Instant seenAt) {
        identifiers.updateOne(eq("_id", hash), new Document("$max", new Document("lastSeenAt", Date.from(seenAt)))
                .append("$min", new Document("firstSeenAt", Date.from(seenAt))));
    }

    /** Links a shareable identifier to one more person (or touches the link). */
    public void share(Identifier identifier, String personId, Instant seenAt) {
        String path = "holders." + personId + ".";
        Document update = new Document("$setOnInsert", describe(identifier).append("shareable", true))
                .append("$min", new Document(path + "firstSeenAt", Date.from(seenAt)))
                .append("$max", new Document(path + "lastSeenAt", Date.from(seenAt)));
        update.get("$setOnInsert", Document.class).remove("_id");
        try {
            identifiers.updateOne(eq("_id", identifier.hash()), update, new UpdateOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (!MongoWrites.isDuplicateKey(e)) {
                throw e;
            }
            // a concurrent upsert created the document first: it exists now, update it
            identifiers.updateOne(eq("_id", identifier.hash()), update);
        }
    }

    /** Drops a unique identifier's holding by a person that no longer exists (forgotten). */
    public void release(String hash, String personId) {
        identifiers.deleteOne(and(eq("_id", hash), eq("personId", personId)));
    }

    /** Unlinks a shareable identifier from one person, and drops it once nobody holds it. */
    public void unshare(String hash, String personId) {
        identifiers.updateOne(eq("_id", hash), new Document("$unset", new Document("holders." + personId, "")));
        identifiers.deleteOne(and(eq("_id", hash), eq("holders", new Document())));
    }

    private static Document describe(Identifier identifier) {
        return new Document("_id", identifier.hash()).append("type", identifier.type().name())
                .append("namespace", identifier.namespace()).append("masked", identifier.masked())
                .append("hashKeyVersion", identifier.keyVersion());
    }

    /** Of the hashes, those stored (made under an older key, when a rotation looks for them). */
    public List<String> existing(Collection<String> hashes) {
        List<String> found = new ArrayList<>();
        if (!hashes.isEmpty()) {
            identifiers.find(in("_id", hashes)).projection(new Document("_id", 1))
                    .forEach(d -> found.add(d.getString("_id")));
        }
        return found;
    }

    /**
     * Copies the identifier stored under {@code olderHash} to its current hash, with its holders and
     * when they were seen (merged into the current document if one exists already): the first step
     * of hashing it again; {@link #drop} of the older one is the last.
     *
     * @return the ids of its holders; empty when nothing is stored under the older hash
     */
    public List<String> copyToCurrent(String olderHash, Identifier identifier) {
        Document old = identifiers.find(eq("_id", olderHash)).first();
        if (old == null) {
            return List.of();
        }
        List<Holder> holders = holders(old);
        if (old.containsKey("personId")) {
            Holder h = holders.get(0);
            Document copy = describe(identifier).append("personId", h.personId())
                    .append("firstSeenAt", Date.from(h.firstSeenAt())).append("lastSeenAt", Date.from(h.lastSeenAt()));
            if (!MongoWrites.insertNew(identifiers, copy)) {
                touch(identifier.hash(), h.firstSeenAt());
                touch(identifier.hash(), h.lastSeenAt());
            }
        } else {
            for (Holder h : holders) {
                share(identifier, h.personId(), h.firstSeenAt());
                share(identifier, h.personId(), h.lastSeenAt());
            }
        }
        return holders.stream().map(Holder::personId).toList();
    }

    /** Deletes what is stored under a hash made by an older key, once it was copied to the current one. */
    public void drop(String olderHash) {
        identifiers.deleteOne(eq("_id", olderHash));
    }

    /** How many identifiers are stored under a hash made by the key of {@code version}. */
    public long countUnder(int version) {
        return identifiers.countDocuments(KeyVersions.of(version));
    }

    /** How many identifiers are stored under a hash made by a key other than {@code current}. */
    public long countNotUnder(int current) {
        return identifiers.countDocuments(KeyVersions.not(current));
    }

}
