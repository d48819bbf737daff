package io.crowsnest.scoring.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import org.bson.Document;

import com.mongodb.client.MongoCollection;

import io.crowsnest.platform.mongo.MongoWrites;

/** Documents changed under a revision: one conditional write, so that concurrent edits never overwrite each other. */
final class Revisions {

    private Revisions() {
    }

    /**
     * Writes the document (holding its _id and new "revision") if the stored revision is the expected
     * one (0: it must not exist yet); false when another change got there first.
     */
    static boolean write(MongoCollection<Document> collection, Document doc, long expectedRevision) {
        if (expectedRevision == 0) {
            return MongoWrites.insertNew(collection, doc);
        }
        return collection.replaceOne(and(eq("_id", doc.get("_id")), eq("revision", expectedRevision)), doc)
                .getModifiedCount() == 1;
    }
}
