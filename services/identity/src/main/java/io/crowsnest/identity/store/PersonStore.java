package io.crowsnest.identity.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;

import io.crowsnest.identity.domain.Identifier;
import io.crowsnest.identity.domain.PersonKind;

/**
 * Persons keyed by their id, each with the identifiers linked to it directly (masked, keyed by hash
 * under {@code links}), so that reading one is a lookup by _id.
 *
 * <p>A merge never moves identifiers: the merged person records {@code mergedInto} (its survivor)
 * and every identifier it holds resolves through that alias to the root of the chain. Unmerging
 * is then clearing one field, and an identifier can never be lost half-way through a move.
 * {@code kind} is the kind of the whole tree rooted at the person. A forgotten person is a
 * tombstone: its id and {@code forgottenAt}, nothing else.
 *
 * <p>A survivor keeps the ids of the persons merged directly into it ({@code mergedFrom}) and of
 * the merges it survived ({@code survived}), so that a tree and its lineage are read by _id, with
 * no query on {@code mergedInto} or on the merges' survivor. Both are hints, written before the
 * merge they name: a member counts only while its {@code mergedInto} names the survivor. A person
 * stored before these were kept lacks {@code treeKept}; {@code PersonTrees} fills them in on its
 * first read (from the two queries they replace).
 */
@ApplicationScoped
public class PersonStore {

    /** The longest merge chain followed: deeper trees are a defect, never a customer. */
    public static final int MAX_CHAIN = 64;
    private static final String MERGED_FROM = "mergedFrom";
    private static final String SURVIVED = "survived";
    private static final String TREE_KEPT = "treeKept";

    @Inject
    MongoDatabase database;

    private MongoCollection<Document> persons;

    @PostConstruct
    void init() {
        persons = database.getCollection("persons");
        persons.createIndex(Indexes.ascending("mergedInto"));
        persons.createIndex(Indexes.ascending("forgettingSince"));
        persons.createIndex(Indexes.ascending("forgetOffset"));
    }

    /** One identifier linked to a person, as stored (never the raw value). */
    public record Link(String hash, String type, String namespace, String masked, boolean unique,
            Instant firstSeenAt, Instant lastSeenAt) {
    }

    /**
     * A stored person; links most recently seen first. mergedInto/mergeId are set while it is merged
     * away; forgottenAt on a tombstone. mergedFrom (persons once merged directly into it, a hint
     * checked against their mergedInto) and survived (ids of the merges it survived) are kept since
     * treeKept; a person stored before lacks them.
     */
    public record Person(String id, PersonKind kind, Instant createdAt, Instant updatedAt, List<Link> links,
            String mergedInto, String mergeId, Instant forgottenAt, long forgetOffset, List<String> mergedFrom,
            List<String> survived, boolean treeKept) {

        public Person {
            mergedFrom = List.copyOf(mergedFrom);
            survived = List.copyOf(survived);
        }

        /** The same person with the given tree hints, as after they were filled in. */
        public Person withTree(List<String> mergedFrom, List<String> survived) {
            return new Person(id, kind, createdAt, updatedAt, links, mergedInto, mergeId, forgottenAt, forgetOffset,
                    mergedFrom, survived, true);
        }

        public boolean forgotten() {
            return forgottenAt != null;
        }

        public boolean root() {
            return mergedInto == null && forgottenAt == null;
        }
    }

    public void insert(String id, PersonKind kind, Instant at) {
        persons.insertOne(new Document("_id", id).append("kind", kind.name()).append("createdAt", Date.from(at))
                .append("updatedAt", Date.from(at)).append("links", new Document())
                .append(MERGED_FROM, List.of()).append(SURVIVED, List.of()).append(TREE_KEPT, true));
    }

    /** Removes a person created by a request that then lost the race for its first identifier. */
    public void delete(String id) {
        persons.deleteOne(eq("_id", id));
    }

    public Optional<Person> find(String id) {
        return Optional.ofNullable(persons.find(eq("_id", id)).first()).map(PersonStore::person);
    }

    /**
     * The root a person id resolves to, following mergedInto; empty when the id is unknown or its
     * root was forgotten.
     */
    public Optional<Person> root(String id) {
        return root(id, this::find);
    }

    /** root() over persons read through {@code find} (the store, or a snapshot of it). */
    public static Optional<Person> root(String id, Function<String, Optional<Person>> find) {
        String next = id;
        for (int i = 0; i < MAX_CHAIN; i++) {
            Optional<Person> person = find.apply(next);
            if (person.isEmpty() || person.get().forgotten()) {
                return Optional.empty();
            }
            if (person.get().mergedInto() == null) {
                return person;
            }
            next = person.get().mergedInto();
        }
        throw new IllegalStateException("merge chain of " + id + " is longer than " + MAX_CHAIN);
    }

    /** find() of many persons in one read: by id, for those that exist. */
    public Map<String, Person> findAll(Collection<String> ids) {
        Map<String, Person> found = new HashMap<>();
        if (!ids.isEmpty()) {
            for (Document doc : persons.find(in("_id", ids))) {
                found.put(doc.getString("_id"), person(doc));
            }
        }
        return found;
    }

    /**
     * The persons merged directly into any of the parents (a root, or a level of its tree), in the
     * order the parents list them: one read by _id of their mergedFrom, none when they list nobody.
     * A listed person counts only while its mergedInto names that parent.
     */
    public List<Person> mergedDirectlyInto(List<Person> parents) {
        Set<String> wanted = new LinkedHashSet<>();
        parents.forEach(p -> wanted.addAll(p.mergedFrom()));
        if (wanted.isEmpty()) {
            return List.of();
        }
        Map<String, Person> read = findAll(wanted);
        List<Person> children = new ArrayList<>();
        for (Person parent : parents) {
            for (String id : parent.mergedFrom()) {
                Person child = read.remove(id);
                if (child != null && parent.id().equals(child.mergedInto())) {
                    children.add(child);
                }
            }
        }
        return children;
    }

    /**
     * The ids of the persons whose mergedInto names this one: the query (on the mergedInto index)
     * that fills in mergedFrom of a person stored before it was kept.
     */
    public List<String> pointingAt(String id) {
        List<String> ids = new ArrayList<>();
        persons.find(eq("mergedInto", id)).projection(new Document("_id", 1))
                .forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }

    /**
     * Adds to a person's tree hints and marks them kept. Only adds: a merge made meanwhile has
     * added its own hints before its mergedInto, and they stay.
     */
    public void keepTree(String id, Collection<String> mergedFrom, Collection<String> survived) {
        persons.updateOne(and(eq("_id", id), eq("forgottenAt", null)),
                new Document("$addToSet", new Document(MERGED_FROM, new Document("$each", List.copyOf(mergedFrom)))
                        .append(SURVIVED, new Document("$each", List.copyOf(survived))))
                        .append("$set", new Document(TREE_KEPT, true)));
    }

    /**
     * Links (or touches) an identifier; the person becomes KNOWN when its type marks known. False
     * when the person was forgotten meanwhile.
     */
    public boolean link(String personId, Identifier identifier, Instant seenAt, Instant now) {
        String path = "links." + identifier.hash() + ".";
        Document set = new Document(path + "type", identifier.type().name())
                .append(path + "namespace", identifier.namespace())
                .append(path + "masked", identifier.masked())
                .append(path + "unique", identifier.type().unique());
        if (identifier.type().marksKnown()) {
            set.append("kind", PersonKind.KNOWN.name());
        }
        // by _id alone (the only filter mongo-java-server serves from an index), then undone on a tombstone
        Document after = persons.findOneAndUpdate(eq("_id", personId), new Document("$set", set)
                .append("$min", new Document(path + "firstSeenAt", Date.from(seenAt)))
                .append("$max", new Document(path + "lastSeenAt", Date.from(seenAt))
                        .append("updatedAt", Date.from(now))),
                new FindOneAndUpdateOptions().projection(new Document("forgottenAt", 1))
                        .returnDocument(ReturnDocument.AFTER));
        if (after != null && after.get("forgottenAt") != null) {
            persons.updateOne(eq("_id", personId), new Document("$unset", new Document("links", "")
                    .append("kind", "").append("updatedAt", "")));
            return false;
        }
        return after != null;
    }

    /**
     * Takes a person's lease for a merge, unmerge or erase: true when taken (free or expired).
     * Leases expire so that a crashed holder does not block the person for ever.
     */
    public boolean lock(String id, String token, Instant now, Duration lease) {
        return persons.updateOne(and(eq("_id", id), or(eq("lock", null), lt("lock.until", Date.from(now)))),
                new Document("$set", new Document("lock", new Document("by", token)
                        .append("until", Date.from(now.plus(lease)))))).getMatchedCount() == 1;
    }

    public void unlock(String id, String token) {
        persons.updateOne(and(eq("_id", id), eq("lock.by", token)), new Document("$unset", new Document("lock", "")));
    }

    /**
     * Points a root at its survivor; false when it is no longer a root (a concurrent change). The
     * survivor lists the person and the merge first, so that whoever sees the mergedInto finds the
     * person from the survivor; a merge that then fails leaves a hint that names nobody.
     */
    public boolean mergeInto(String mergedId, String survivorId, String mergeId, Instant now) {
        persons.updateOne(eq("_id", survivorId), new Document("$addToSet",
                new Document(MERGED_FROM, mergedId).append(SURVIVED, mergeId)));
        boolean merged = persons.updateOne(and(eq("_id", mergedId), eq("mergedInto", null), eq("forgottenAt", null)),
                new Document("$set", new Document("mergedInto", survivorId).append("mergeId", mergeId)
                        .append("updatedAt", Date.from(now)))).getMatchedCount() == 1;
        if (!merged) {
            persons.updateOne(eq("_id", survivorId), new Document("$pull", new Document(SURVIVED, mergeId)));
        }
        return merged;
    }

    /**
     * Makes a merged person a root again; false when it is not merged by that merge any more. The
     * survivor then stops listing it (the merge stays in its lineage).
     */
    public boolean restore(String mergedId, String survivorId, String mergeId, Instant now) {
        boolean restored = persons.updateOne(and(eq("_id", mergedId), eq("mergeId", mergeId)),
                new Document("$unset", new Document("mergedInto", "").append("mergeId", ""))
                        .append("$set", new Document("updatedAt", Date.from(now)))).getMatchedCount() == 1;
        if (restored) {
            persons.updateOne(eq("_id", survivorId), new Document("$pull", new Document(MERGED_FROM, mergedId)));
        }
        return restored;
    }

    public void setKind(String id, PersonKind kind, Instant now) {
        persons.updateOne(eq("_id", id), new Document("$set", new Document("kind", kind.name())
                .append("updatedAt", Date.from(now))));
    }

    /**
     * Marks a person whose erasure starts now, before anything is erased: the mark goes with the
     * tombstone that replaces the person, so a mark left behind names an erasure a crash interrupted.
     */
    public void markForgetting(String id, Instant at) {
        persons.updateOne(and(eq("_id", id), eq("forgottenAt", null)),
                new Document("$min", new Document("forgettingSince", Date.from(at))));
    }

    /** Up to {@code limit} persons whose erasure started before {@code before} and was never finished. */
    public List<String> forgettingSince(Instant before, int limit) {
        List<String> ids = new ArrayList<>();
        persons.find(and(lt("forgettingSince", Date.from(before)), eq("forgottenAt", null)))
                .projection(new Document("_id", 1)).limit(limit).forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }

    /** Replaces persons by tombstones that keep only the id, when and the FORGOTTEN change offset. */
    public void forget(Collection<String> ids, Instant at, long offset) {
        for (String id : ids) {
            persons.replaceOne(eq("_id", id), new Document("_id", id).append("forgottenAt", Date.from(at))
                    .append("forgetOffset", offset));
        }
    }

    /** What a tombstone keeps of one erasure: its FORGOTTEN change offset, the ids erased and when. */
    public record Tombstone(long changeOffset, List<String> personIds, Instant forgottenAt) {
        public Tombstone {
            personIds = List.copyOf(personIds);
        }
    }

    /**
     * The erasures whose FORGOTTEN change came after {@code afterOffset}, oldest first, each with all
     * its ids: up to {@code limit} of them.
     */
    public List<Tombstone> tombstonesAfter(long afterOffset, int limit) {
        List<Tombstone> erasures = new ArrayList<>();
        long offset = -1;
        List<String> ids = new ArrayList<>();
        Instant at = null;
        for (Document doc : persons.find(gt("forgetOffset", afterOffset))
                .projection(new Document("forgetOffset", 1).append("forgottenAt", 1))
                .sort(Sorts.ascending("forgetOffset", "_id"))) {
            long next = doc.get("forgetOffset", Number.class).longValue();
            if (next != offset) {
                if (!ids.isEmpty()) {
                    erasures.add(new Tombstone(offset, ids, at));
                    if (erasures.size() == limit) {
                        return erasures;
                    }
                }
                offset = next;
                ids = new ArrayList<>();
                at = instant(doc.getDate("forgottenAt"));
            }
            ids.add(doc.getString("_id"));
        }
        if (!ids.isEmpty()) {
            erasures.add(new Tombstone(offset, ids, at));
        }
        return erasures;
    }

    private static Person person(Document doc) {
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
        Date forgotten = doc.getDate("forgottenAt");
        return new Person(doc.getString("_id"),
                doc.getString("kind") == null ? PersonKind.ANONYMOUS : PersonKind.valueOf(doc.getString("kind")),
                instant(doc.getDate("createdAt")), instant(doc.getDate("updatedAt")), links,
                doc.getString("mergedInto"), doc.getString("mergeId"), instant(forgotten),
                doc.get("forgetOffset", 0L), doc.getList(MERGED_FROM, String.class, List.of()),
                doc.getList(SURVIVED, String.class, List.of()), Boolean.TRUE.equals(doc.getBoolean(TREE_KEPT)));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
