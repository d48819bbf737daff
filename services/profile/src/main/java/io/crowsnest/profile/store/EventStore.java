package io.crowsnest.profile.store;

import io.crowsnest.platform.mongo.MongoWrites;
import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;

/**
 * Retained events, keyed by event id (so recording one is an insert by _id and a duplicate is a
 * duplicate key). Reads select by origin: a profile lists the events of its person and of every
 * person merged into it, so merges and unmerges never move an event.
 */
@ApplicationScoped
public class EventStore {

    private static final Bson NEWEST_FIRST = Sorts.descending("occurredAt", "_id");

    @Inject
    MongoDatabase database;
    @Inject
    EventFormat format;

    private MongoCollection<Document> events;

    @PostConstruct
    void init() {
        events = database.getCollection("events");
        events.createIndex(Indexes.compoundIndex(Indexes.ascending("origin"), NEWEST_FIRST));
        // A backstop only: mongo-java-server ignores TTL indexes, the retention sweep deletes explicitly.
        events.createIndex(Indexes.ascending("expiresAt"), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
    }

    /** Filters of a list; empty lists and null instants mean no filter. */
    public record Query(Collection<String> origins, Instant from, Instant to, List<String> types,
            List<String> channels, List<String> customTypes) {

        public static Query all(Collection<String> origins) {
            return new Query(origins, null, null, List.of(), List.of(), List.of());
        }
    }

    /** Where a page ends: the last event returned (occurred-at to the millisecond, then id). */
    public record Cursor(Instant occurredAt, String eventId) {
    }

    /** Stores a new event; false when the id is taken (the stored one is unchanged). */
    public boolean insertNew(StoredEvent event) {
        return MongoWrites.insertNew(events, event.document());
    }

    /** Stores new events in one round trip; per event in order, false when its id is taken. */
    public boolean[] insertAllNew(List<StoredEvent> stored) {
        return MongoWrites.insertAllNew(events, stored.stream().map(StoredEvent::document).toList());
    }

    /** The stored events among the ids, by id. */
    public Map<String, StoredEvent> findAll(Collection<String> eventIds) {
        Map<String, StoredEvent> found = new HashMap<>();
        events.find(in("_id", eventIds)).forEach(d -> found.put(d.getString("_id"), StoredEvent.of(d, format)));
        return found;
    }

    public Optional<StoredEvent> find(String eventId) {
        return Optional.ofNullable(events.find(eq("_id", eventId)).first()).map(d -> StoredEvent.of(d, format));
    }

    /** A page, newest first (occurred-at, then event id), after the cursor when given. */
    public List<StoredEvent> page(Query query, Cursor after, int limit) {
        List<Bson> filters = new ArrayList<>(filters(query));
        if (after != null) {
            filters.add(or(lt("occurredAt", Mongo.date(after.occurredAt())),
                    and(eq("occurredAt", Mongo.date(after.occurredAt())), lt("_id", after.eventId()))));
        }
        List<StoredEvent> page = new ArrayList<>();
        events.find(and(filters)).sort(NEWEST_FIRST).limit(limit).forEach(d -> page.add(StoredEvent.of(d, format)));
        return page;
    }

    /** Every retained event of the origins, oldest first. */
    public List<StoredEvent> all(Collection<String> origins) {
        List<StoredEvent> all = new ArrayList<>();
        events.find(in("origin", origins)).sort(Sorts.ascending("occurredAt", "_id"))
                .forEach(d -> all.add(StoredEvent.of(d, format)));
        return all;
    }

    /** A retained event as the activity index counts it. */
    public record Occurred(String eventId, String channel, Instant occurredAt) {
    }

    /**
     * The retained events of one person id that occurred at or after the instant, without their
     * content; to compute a person's activity index once (ActivityWindows), never on every read.
     */
    public List<Occurred> occurredSince(String origin, Instant since) {
        List<Occurred> found = new ArrayList<>();
        events.find(and(eq("origin", origin), gte("occurredAt", Mongo.date(since))))
                .projection(Projections.include("channel", "occurredAt"))
                .forEach(d -> found.add(new Occurred(d.getString("_id"), d.getString("channel"),
                        d.getDate("occurredAt").toInstant())));
        return found;
    }

    public long deleteByOrigins(Collection<String> origins) {
        return events.deleteMany(in("origin", origins)).getDeletedCount();
    }

    /** Deletes events whose retention ended before the instant. */
    public long deleteExpired(Instant now) {
        return events.deleteMany(lt("expiresAt", Mongo.date(now))).getDeletedCount();
    }

    /** Deletes one event, e.g. recorded for a person erased meanwhile. */
    public void delete(String eventId) {
        events.deleteOne(eq("_id", eventId));
    }

    public void deleteAll(Collection<String> eventIds) {
        events.deleteMany(in("_id", eventIds));
    }

    private static List<Bson> filters(Query query) {
        List<Bson> filters = new ArrayList<>();
        filters.add(in("origin", query.origins()));
        if (query.from() != null) {
            filters.add(gte("occurredAt", Mongo.date(query.from())));
        }
        if (query.to() != null) {
            filters.add(lt("occurredAt", Mongo.date(query.to())));
        }
        if (!query.types().isEmpty()) {
            filters.add(in("type", query.types()));
        }
        if (!query.channels().isEmpty()) {
            filters.add(in("channel", query.channels()));
        }
        if (!query.customTypes().isEmpty()) {
            filters.add(or(ne("type", "EVENT_TYPE_CUSTOM"), in("customType", query.customTypes())));
        }
        return filters;
    }
}
