package io.crowsnest.profile.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;

import io.crowsnest.profile.domain.Answer;
import io.crowsnest.profile.domain.Fact;

/**
 * The data recorded for each person id, one document per id (_id), so that every write of a request
 * is one update by _id. Facts are kept under the id they were recorded for and never copied: a
 * merge only changes lineage (see {@link LineageStore}), and the profile of a root combines its
 * members' documents.
 */
@ApplicationScoped
public class PersonStore {

    /** The counter of a root's attribute changes (see Person.attributesVersion). */
    static final String ATTRIBUTES_VERSION = "attributesVersion";

    /** How many applied event ids each person keeps, to tell after a crash whether an event was counted. */
    static final int APPLIED_KEPT = 256;

    @Inject
    MongoDatabase database;

    private static final Document ERASED = new Document();

    private MongoCollection<Document> persons;

    @PostConstruct
    void init() {
        persons = database.getCollection("profiles");
    }

    MongoCollection<Document> collection() {
        return persons;
    }

    /** What one event adds to its person's activity. currency is null when it carries no amount. */
    public record EventActivity(String eventId, Instant occurredAt, String channel, String type, String currency,
            long amountMinor) {
    }

    /** Where an applied event landed: the root of its person, or that the person was erased. */
    public record Applied(String root, boolean forgotten) {
    }

    public Optional<Person> find(String id) {
        return Optional.ofNullable(persons.find(eq("_id", id)).first()).map(PersonDocs::person);
    }

    /** The persons found among the ids, in the order of the ids. */
    public List<Person> findAll(Collection<String> ids) {
        Map<String, Person> found = new LinkedHashMap<>();
        ids.forEach(id -> found.put(id, null));
        persons.find(in("_id", ids)).forEach(d -> found.put(d.getString("_id"), PersonDocs.person(d)));
        return found.values().stream().filter(p -> p != null).toList();
    }

    /**
     * Counts an event in its person's activity, in one atomic update that also remembers the event id
     * among the last applied ones. Called once per event (see EventRecorder); an erased person's
     * tombstone is reported, and then left as it was.
     */
    public Applied applyEvent(String origin, EventActivity event, Instant now) {
        Document update = activity(origin, event, now);
        Document before = upsert(origin, update);
        if (before == ERASED) {
            return new Applied(origin, true);
        }
        return new Applied(before == null ? origin : before.getString("root"), false);
    }

    /** An event to count with {@link #applyEvents}. */
    public record Activity(String origin, EventActivity event) {
    }

    /**
     * {@link #applyEvent} for many events in two round trips: the updates in one unordered bulk
     * write, then the roots read. An event whose person is a tombstone reports forgotten and the
     * tombstone is put back as it was. Returns one outcome per event, in order.
     */
    public List<Applied> applyEvents(List<Activity> activities, Instant now) {
        List<UpdateOneModel<Document>> updates = activities.stream().map(a -> new UpdateOneModel<Document>(
                eq("_id", a.origin()), activity(a.origin(), a.event(), now), new UpdateOptions().upsert(true))).toList();
        persons.bulkWrite(updates, new BulkWriteOptions().ordered(false));
        Map<String, Document> after = new HashMap<>();
        persons.find(in("_id", activities.stream().map(Activity::origin).distinct().toList()))
                .projection(Projections.include("root", "forgottenAt")).forEach(d -> after.put(d.getString("_id"), d));
        List<String> erased = new ArrayList<>();
        List<Applied> out = new ArrayList<>();
        for (Activity a : activities) {
            Document doc = after.get(a.origin());
            if (doc != null && doc.getDate("forgottenAt") != null) {
                if (!erased.contains(a.origin())) {
                    erased.add(a.origin());
                    tombstone(List.of(a.origin()), doc.getDate("forgottenAt").toInstant());
                }
                out.add(new Applied(a.origin(), true));
            } else {
                out.add(new Applied(doc == null || doc.getString("root") == null ? a.origin() : doc.getString("root"),
                        false));
            }
        }
        return out;
    }

    /** The update counting one event in its person's activity and remembering its id. */
    private static Document activity(String origin, EventActivity event, Instant now) {
        Document set = new Document("updatedAt", Mongo.date(now));
        Document min = new Document("createdAt", Mongo.date(now))
                .append("activity.first", Mongo.date(event.occurredAt()))
                .append("activity.channels." + event.channel() + ".first", Mongo.date(event.occurredAt()));
        Document max = new Document("activity.last", Mongo.date(event.occurredAt())).append(
                "activity.channels." + event.channel() + ".last",
                PersonDocs.lastInteraction(event.occurredAt(), event.eventId(), event.type()));
        Document inc = new Document("activity.channels." + event.channel() + ".n", 1L);
        if (event.currency() != null) {
            inc.append("activity.ltv." + event.currency(), event.amountMinor());
        }
        return new Document("$setOnInsert", new Document("root", origin).append("members", List.of(origin)))
                .append("$set", set).append("$min", min).append("$max", max).append("$inc", inc)
                .append("$push", new Document("activity.applied", new Document("$each", List.of(event.eventId()))
                        .append("$slice", -APPLIED_KEPT)));
    }

    /** Whether the event is among the last ones counted for the person. */
    public boolean hasApplied(String origin, String eventId) {
        Document doc = persons.find(eq("_id", origin)).projection(Projections.include("activity.applied")).first();
        Document activity = doc == null ? null : doc.get("activity", Document.class);
        return activity != null && activity.getList("applied", String.class, List.of()).contains(eventId);
    }

    /**
     * Sets facts of one person (attributes, products, relationships, by key) in one atomic update,
     * counting a change of attributes in the attribute version; false when the person was erased
     * (nothing written).
     */
    public boolean writeFacts(String id, Map<String, Fact> attributes, Map<String, Fact> products,
            Map<String, Fact> relationships, Instant now) {
        Document set = new Document("updatedAt", Mongo.date(now));
        attributes.forEach((key, fact) -> set.append("attributes." + Mongo.key(key), FactDocs.document(fact)));
        products.forEach((key, fact) -> set.append("products." + Mongo.key(key), FactDocs.document(fact)));
        relationships.forEach((key, fact) -> set.append("relationships." + Mongo.key(key), FactDocs.document(fact)));
        Document update = created(id, now).append("$set", set);
        if (!attributes.isEmpty()) {
            update.append("$inc", new Document(ATTRIBUTES_VERSION, 1L));
        }
        return upsert(id, update) != ERASED;
    }

    /** Adds an answer; false when the person was erased (nothing written). */
    public boolean addAnswer(String id, Answer answer, Instant now) {
        return upsert(id, created(id, now).append("$set", new Document("updatedAt", Mongo.date(now)))
                .append("$push", new Document("answers", PersonDocs.answer(answer)))) != ERASED;
    }

    /** Replaces the persons by tombstones that keep only the id and when it was erased. */
    public void tombstone(Collection<String> ids, Instant at) {
        for (String id : ids) {
            persons.replaceOne(eq("_id", id), new Document("_id", id).append("forgottenAt", Mongo.date(at)),
                    new ReplaceOptions().upsert(true));
        }
    }

    /**
     * Runs an upserting update and returns the document before it (null when it created it), or
     * ERASED when the id is a tombstone: a request that resolved the person before its erasure
     * then finds it here, and the tombstone is put back as it was.
     */
    private Document upsert(String id, Document update) {
        Document before = persons.findOneAndUpdate(eq("_id", id), update, new FindOneAndUpdateOptions()
                .upsert(true).returnDocument(ReturnDocument.BEFORE)
                .projection(Projections.include("root", "forgottenAt")));
        if (before != null && before.getDate("forgottenAt") != null) {
            tombstone(List.of(id), before.getDate("forgottenAt").toInstant());
            return ERASED;
        }
        return before;
    }

    private static Document created(String id, Instant now) {
        return new Document("$setOnInsert", new Document("root", id).append("members", List.of(id)))
                .append("$min", new Document("createdAt", Mongo.date(now)));
    }
}
