package io.crowsnest.profile;

import static com.mongodb.client.model.Filters.eq;

import org.bson.Document;

import com.mongodb.client.MongoDatabase;

/** Reads profile's own MongoDB database as it is, to check what a request did or did not write. */
final class Stored {

    private final MongoDatabase database;

    Stored(MongoDatabase database) {
        this.database = database;
    }

    boolean hasEvent(String eventId) {
        return database.getCollection("events").find(eq("_id", eventId)).first() != null;
    }

    boolean inOutbox(String eventId) {
        return database.getCollection("outbox").find(eq("_id", eventId)).first() != null;
    }

    /** A person's document, or null. */
    Document person(String personId) {
        return database.getCollection("profiles").find(eq("_id", personId)).first();
    }

    /** How many attribute history entries are kept under the person id. */
    long historyOf(String personId) {
        return database.getCollection("attribute_changes").countDocuments(eq("person", personId));
    }
}
