package io.crowsnest.platform.mongo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.bson.Document;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;

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

    /**
     * Inserts documents whose _ids must be new, in one unordered insertMany; returns, per document in
     * order, whether it was inserted (false: it exists already). Any other write error is thrown.
     */
    public static boolean[] insertAllNew(MongoCollection<Document> collection, List<Document> documents) {
        boolean[] inserted = new boolean[documents.size()];
        Arrays.fill(inserted, true);
        if (documents.isEmpty()) {
            return inserted;
        }
        try {
            collection.insertMany(new ArrayList<>(documents), new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (error.getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                inserted[error.getIndex()] = false;
            }
            if (e.getWriteConcernError() != null) {
                throw e;
            }
        }
        return inserted;
    }

    /** True for a duplicate key (error 11000): the document, or one with the same unique key, exists. */
    public static boolean isDuplicateKey(MongoWriteException e) {
        return e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
}
