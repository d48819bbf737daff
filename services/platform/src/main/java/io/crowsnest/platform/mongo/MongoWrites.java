package io.crowsnest.platform.mongo;

import org.bson.Document;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;

/**
 * First-writer-wins inserts: the unique _id index is the compare-and-set every service builds its
 * idempotency and races on (MongoDB has it, and so does mongo-java-server; transactions it lacks).
 */
public final class MongoWrites {

    private MongoWrites() {
    }

    /** Inserts a document whose _id must be new; false when it exists already (a retry or a lost race). */
    public static boolean insertNew(MongoCollection<Document> collection, Document document) {
        try {
            collection.insertOne(document);
            return true;
        } catch (MongoWriteException e) {
            if (isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    /** True for a duplicate key (error 11000): the document, or one with the same unique key, exists. */
    public static boolean isDuplicateKey(MongoWriteException e) {
        return e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
}
