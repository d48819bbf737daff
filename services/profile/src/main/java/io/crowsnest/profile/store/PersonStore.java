package io.crowsnest.profile.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.conversions.Bson;

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
import io.crowsnest.profile.domain.LastThirtyDays;

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

    /**
     * How many of its most recent event ids each person keeps for the 360 view: the most a GetProfile
     * asks for (100) and room for an id repeated (see ActivityWindows).
     */
    public static final int RECENT_KEPT = 128;

    /** Under activity: how many of the counted events the index holds (see ActivityIndex#complete). */
    static final String INDEXED = "indexed";

    /** What a write reads back of the document it updated: where it stands and the day buckets to prune. */
    private static final Bson WRITTEN = Projections.include("root", "forgottenAt", "activity.days");

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
        if (before != null) {
            Bson prune = prune(before, now);
            if (prune != null) {
                persons.updateOne(eq("_id", origin), prune);
            }
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
                .projection(WRITTEN).forEach(d -> after.put(d.getString("_id"), d));
        List<UpdateOneModel<Document>> prunes = new ArrayList<>();
        after.values().forEach(d -> {
            Bson prune = d.getDate("forgottenAt") == null ? prune(d, now) : null;
            if (prune != null) {
                prunes.add(new UpdateOneModel<>(eq("_id", d.getString("_id")), prune));
            }
        });
        if (!prunes.isEmpty()) {
            persons.bulkWrite(prunes, new BulkWriteOptions().ordered(false));
        }
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
        Document inc = new Document("activity.channels." + event.channel() + ".n", 1L)
                .append("activity." + INDEXED, 1L);
        if (event.currency() != null) {
            inc.append("activity.ltv." + event.currency(), event.amountMinor());
        }
        if (LastThirtyDays.counts(event.occurredAt(), LastThirtyDays.firstDay(now))) {
            inc.append("activity.days." + LastThirtyDays.day(event.occurredAt()) + "." + event.channel(), 1L);
        }
        return new Document("$setOnInsert", new Document("root", origin).append("members", List.of(origin)))
                .append("$set", set).append("$min", min).append("$max", max).append("$inc", inc)
                .append("$push", new Document("activity.applied", new Document("$each", List.of(event.eventId()))
                        .append("$slice", -APPLIED_KEPT))
                        .append("activity.recent", new Document("$each",
                                List.of(PersonDocs.recent(event.occurredAt(), event.eventId())))
                                .append("$sort", -1).append("$slice", RECENT_KEPT)));
    }

    /** The update removing the day buckets of a document that fell out of the window, or null when none did. */
    private static Bson prune(Document written, Instant now) {
        Document activity = written.get("activity", Document.class);
        Document days = activity == null ? null : activity.get("days", Document.class);
        if (days == null) {
            return null;
        }
        List<Long> stale = LastThirtyDays.stale(days.keySet().stream().map(Long::parseLong).toList(),
                LastThirtyDays.firstDay(now));
        if (stale.isEmpty()) {
            return null;
        }
        Document unset = new Document();
        stale.forEach(day -> unset.append("activity.days." + day, ""));
        return new Document("$unset", unset);
    }

    /**
     * Stores the index of a document written before it had one (or by an older replica), computed
     * from its events, provided the events applied to it are still the ones it was computed for:
     * false (nothing written) when an event was counted meanwhile. {@code counted} is the number of
     * events its activity counted then.
     */
    public boolean storeIndex(String id, List<String> applied, Map<Long, Map<String, Long>> days,
            List<ActivityIndex.Recent> recent, long counted) {
        Document buckets = new Document();
        days.forEach((day, channels) -> buckets.append(Long.toString(day), new Document(channels)));
        List<String> keys = recent.stream().map(r -> PersonDocs.recent(r.occurredAt(), r.eventId()))
                .sorted(Comparator.reverseOrder()).distinct().limit(RECENT_KEPT).toList();
        return persons.updateOne(and(eq("_id", id), eq("activity.applied", applied)), new Document("$set",
                new Document("activity.days", buckets).append("activity.recent", keys)
                        .append("activity." + INDEXED, counted))).getModifiedCount() == 1;
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
                .upsert(true).returnDocument(ReturnDocument.BEFORE).projection(WRITTEN));
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
