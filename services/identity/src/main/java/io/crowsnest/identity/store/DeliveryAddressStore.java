package io.crowsnest.identity.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.ne;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;

import io.crowsnest.identity.domain.Identifier;
import io.crowsnest.platform.mongo.MongoWrites;

/**
 * Raw (normalised) values of the identifiers a channel delivers to (email, phone), apart from the
 * hashes used for matching, keyed by person and hash ({@code <personId>:<hash>}) so that
 * forgetting a person can wipe them. Personal data: never logged, and encrypted at rest — each
 * value is kept only sealed by {@link AddressCipher} ({@code sealed}, with the {@code keyId} of the
 * key that sealed it); a {@code value} in clear text is what a version before encryption wrote, read
 * as it is until the re-encryption sweep seals it. {@code hashKeyVersion} is the version of the hash
 * key that made {@code hash} (none: the original key).
 */
@ApplicationScoped
public class DeliveryAddressStore {

    private static final Logger LOG = Logger.getLogger(DeliveryAddressStore.class);

    @Inject
    MongoDatabase database;
    @Inject
    AddressCipher cipher;

    private MongoCollection<Document> addresses;

    @PostConstruct
    void init() {
        addresses = database.getCollection("delivery_addresses");
        // a person's addresses are read on every delivery (GetDeliveryAddresses) and wiped by an erasure
        addresses.createIndex(Indexes.ascending("personId"));
        // a hash key rotation finds the records of a hash
        addresses.createIndex(Indexes.ascending("hash"));
        // an address key rotation finds the records sealed under an older key, or in clear text (no keyId)
        addresses.createIndex(Indexes.ascending("keyId"));
    }

    public void keep(String personId, Identifier identifier, Instant seenAt) {
        String id = personId + ":" + identifier.hash();
        AddressCipher.Sealed sealed = cipher.seal(identifier.value(), id);
        Document update = new Document("$set", new Document("personId", personId).append("hash", identifier.hash())
                        .append("type", identifier.type().name()).append("namespace", identifier.namespace())
                        .append("sealed", sealed.ciphertext()).append("keyId", sealed.keyId())
                        .append("masked", identifier.masked())
                        .append(KeyVersions.FIELD, identifier.keyVersion()))
                        .append("$unset", new Document("value", ""))
                        .append("$max", new Document("lastSeenAt", Date.from(seenAt)));
        upsert(id, update);
    }

    private void upsert(String id, Document update) {
        try {
            addresses.updateOne(eq("_id", id), update, new UpdateOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (!MongoWrites.isDuplicateKey(e)) {
                throw e;
            }
            addresses.updateOne(eq("_id", id), update); // a concurrent upsert created it first
        }
    }

    /** One kept address. */
    public record Address(String personId, String type, String namespace, String value, String masked,
            Instant lastSeenAt) {
    }

    /** The addresses kept for any of the persons. */
    public List<Address> of(Collection<String> personIds) {
        List<Address> found = new ArrayList<>();
        for (Document d : addresses.find(in("personId", personIds))) {
            found.add(new Address(d.getString("personId"), d.getString("type"), d.getString("namespace"),
                    rawValue(d), d.getString("masked"), d.getDate("lastSeenAt").toInstant()));
        }
        return found;
    }

    private String rawValue(Document d) {
        String sealed = d.getString("sealed");
        return sealed != null ? cipher.open(sealed, d.getString("_id")) : d.getString("value");
    }

    /**
     * Seals again, under the current key, up to {@code limit} addresses kept under an older key that
     * is still configured or in clear text; a record changed meanwhile is left to the next pass.
     *
     * @return how many were sealed again
     */
    public int resealOlder(int limit) {
        // a record kept in clear text (by a version before sealing) has no keyId: null matches it, through
        // the keyId index, where a test of "value" exists would read every address
        List<Integer> olderOrNone = new ArrayList<>(cipher.olderKeyIds());
        olderOrNone.add(null);
        Bson stale = in("keyId", olderOrNone);
        int resealed = 0;
        for (Document d : addresses.find(stale).limit(limit)) {
            String id = d.getString("_id");
            String value;
            try {
                value = rawValue(d);
            } catch (IllegalStateException e) {
                LOG.errorf("delivery address record %s does not open under any configured address key: %s", id,
                        e.getMessage());
                continue;
            }
            AddressCipher.Sealed sealed = cipher.seal(value, id);
            Bson unchanged = d.containsKey("sealed") ? eq("sealed", d.getString("sealed")) : eq("value", value);
            if (addresses.updateOne(and(eq("_id", id), unchanged), new Document("$set",
                    new Document("sealed", sealed.ciphertext()).append("keyId", sealed.keyId()))
                    .append("$unset", new Document("value", ""))).getModifiedCount() == 1) {
                resealed++;
            }
        }
        return resealed;
    }

    /** How many addresses are kept under a key other than the current one, or in clear text. */
    public long countOlder() {
        return addresses.countDocuments(ne("keyId", cipher.currentKeyId()));
    }

    /** An address kept under a hash an older hash key made: what hashing it again needs. */
    public record Rehashable(String id, String personId, String type, String namespace, String value,
            String hash) {
        @Override
        public String toString() {
            return "delivery address record " + id; // never the value
        }
    }

    /**
     * Up to {@code limit} addresses kept under a hash made by a key other than {@code currentVersion},
     * opened; those that open under no configured address key are logged and left out.
     */
    public List<Rehashable> hashedUnderOlderKeys(int currentVersion, int limit) {
        List<Rehashable> found = new ArrayList<>();
        for (Document d : addresses.find(KeyVersions.not(currentVersion)).limit(limit)) {
            try {
                found.add(new Rehashable(d.getString("_id"), d.getString("personId"), d.getString("type"),
                        d.getString("namespace"), rawValue(d), d.getString("hash")));
            } catch (IllegalStateException e) {
                LOG.errorf("delivery address record %s does not open under any configured address key: %s",
                        d.getString("_id"), e.getMessage());
            }
        }
        return found;
    }

    /** How many addresses are kept under a hash made by a key other than {@code currentVersion}. */
    public long countHashedUnderOlderKeys(int currentVersion) {
        return addresses.countDocuments(KeyVersions.not(currentVersion));
    }

    /**
     * Keeps the addresses kept under {@code olderHash} under the identifier's current hash instead
     * (a new record, sealed for it, then the older one deleted).
     *
     * @return the persons whose address moved
     */
    public List<String> rehash(String olderHash, Identifier identifier) {
        List<String> moved = new ArrayList<>();
        for (Document d : addresses.find(eq("hash", olderHash))) {
            String personId = d.getString("personId");
            String id = personId + ":" + identifier.hash();
            AddressCipher.Sealed sealed = cipher.seal(rawValue(d), id);
            Document update = new Document("$set", new Document("personId", personId)
                    .append("hash", identifier.hash()).append("type", d.getString("type"))
                    .append("namespace", d.getString("namespace")).append("sealed", sealed.ciphertext())
                    .append("keyId", sealed.keyId()).append("masked", d.getString("masked"))
                    .append(KeyVersions.FIELD, identifier.keyVersion()))
                    .append("$max", new Document("lastSeenAt", d.getDate("lastSeenAt")));
            upsert(id, update);
            addresses.deleteOne(eq("_id", d.getString("_id")));
            moved.add(personId);
        }
        return moved;
    }

    /** Wipes every raw value kept for the persons. */
    public void wipe(Collection<String> personIds) {
        addresses.deleteMany(in("personId", personIds));
    }

    /** Records who obtained a person's addresses for which channel (ids and counts only, no values). */
    public void audit(String personId, String channel, String requestingSystem, int count, Instant at) {
        database.getCollection("delivery_address_access").insertOne(new Document("personId", personId)
                .append("channel", channel).append("requestingSystem", requestingSystem).append("count", count)
                .append("at", Date.from(at)));
    }
}
