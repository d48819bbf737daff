package io.crowsnest.profile.store;

import java.time.Instant;
import java.util.Date;

import org.bson.Document;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;

/** Helpers shared by the stores: first-writer-wins inserts, map keys and dates. */
final class Mongo {

    private Mongo() {
    }

    /** Inserts a document whose _id must be new; false when it exists (a retry or a lost race). */
    static boolean insertNew(MongoCollection<Document> collection, Document document) {
        try {
            collection.insertOne(document);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /**
     * A path, product id or division id as a field name: dots separate fields in MongoDB, so they
     * become '~', which none of those ids may contain.
     */
    static String key(String id) {
        return id.replace('.', '~');
    }

    static String unkey(String field) {
        return field.replace('~', '.');
    }

    static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
