package io.crowsnest.identity.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;

import org.bson.Document;
import org.bson.conversions.Bson;

import io.crowsnest.identity.domain.HashKeys;

/**
 * The {@code hashKeyVersion} stored beside every identifier hash: which key made it. Documents
 * written before keys had versions have none and were made by the original key.
 */
final class KeyVersions {

    static final String FIELD = "hashKeyVersion";

    private KeyVersions() {
    }

    /** Documents whose hash the key of {@code version} made. */
    static Bson of(int version) {
        return of(FIELD, version);
    }

    static Bson of(String field, int version) {
        return version == HashKeys.ORIGINAL_VERSION ? or(eq(field, version), exists(field, false))
                : eq(field, version);
    }

    /** Documents whose hash a key other than {@code version} made. */
    static Bson not(int version) {
        return version == HashKeys.ORIGINAL_VERSION ? and(exists(FIELD, true), ne(FIELD, version))
                : ne(FIELD, version);
    }

    /** The version a document's hash was made under. */
    static int read(Document d) {
        Number version = d.get(FIELD, Number.class);
        return version == null ? HashKeys.ORIGINAL_VERSION : version.intValue();
    }
}
