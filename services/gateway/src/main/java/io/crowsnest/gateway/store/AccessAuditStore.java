package io.crowsnest.gateway.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.crowsnest.gateway.domain.CustomerAccess;
import io.crowsnest.platform.digest.Digests;
import io.quarkus.runtime.StartupEvent;

/**
 * The access audit in MongoDB ({@code customer_accesses}): records are only appended; the one
 * change ever made is an erasure replacing a person id by its pseudonym (and dropping the client
 * address, which could point back to the person's own device). The pseudonym of each erased id is
 * kept under the id's SHA-256 ({@code erased_customers}), so that a read of an erased id recorded
 * later gets the same pseudonym instead of the id.
 */
@ApplicationScoped
public class AccessAuditStore {

    @Inject
    MongoDatabase database;

    void indexes(@Observes StartupEvent event) {
        collection().createIndex(Indexes.compoundIndex(Indexes.ascending("agentId"), Indexes.descending("_id")));
        collection().createIndex(Indexes.compoundIndex(Indexes.ascending("personId"), Indexes.descending("_id")));
    }

    public void append(CustomerAccess access) {
        collection().insertOne(new Document("_id", new ObjectId()).append("agentId", access.agentId())
                .append("personId", access.personId()).append("route", access.route())
                .append("status", access.status()).append("client", access.client())
                .append("at", Date.from(access.at())));
    }

    /**
     * Newest first, by agent and/or person (null = any), before the record {@code beforeId} (null =
     * from the newest), at most {@code limit}.
     */
    public List<CustomerAccess> find(String agentId, String personId, String beforeId, int limit) {
        List<Bson> filters = new ArrayList<>();
        if (agentId != null) {
            filters.add(eq("agentId", agentId));
        }
        if (personId != null) {
            filters.add(eq("personId", personId));
        }
        if (beforeId != null) {
            filters.add(lt("_id", new ObjectId(beforeId)));
        }
        List<CustomerAccess> found = new ArrayList<>();
        for (Document d : collection().find(filters.isEmpty() ? new Document() : and(filters))
                .sort(Sorts.descending("_id")).limit(limit)) {
            found.add(new CustomerAccess(d.getObjectId("_id").toHexString(), d.getString("agentId"),
                    d.getString("personId"), d.getString("route"), d.getInteger("status", 0), d.getString("client"),
                    d.getDate("at").toInstant()));
        }
        return found;
    }

    /** Replaces the person ids by the pseudonym; returns how many records changed. */
    public long pseudonymise(Collection<String> personIds, String pseudonym) {
        return collection().updateMany(in("personId", personIds),
                Updates.combine(Updates.set("personId", pseudonym), Updates.unset("client"))).getModifiedCount();
    }

    /** Remembers the pseudonym of erased person ids (under their hash, not the ids). */
    public void bury(Collection<String> personIds, String pseudonym) {
        for (String id : personIds) {
            erased().replaceOne(eq("_id", Digests.sha256Hex(id)), new Document("_id", Digests.sha256Hex(id))
                    .append("pseudonym", pseudonym), new ReplaceOptions().upsert(true));
        }
    }

    /** The pseudonym of an erased person id; empty when it was not erased. */
    public Optional<String> pseudonymOf(String personId) {
        return Optional.ofNullable(erased().find(eq("_id", Digests.sha256Hex(personId))).first())
                .map(d -> d.getString("pseudonym"));
    }

    private MongoCollection<Document> erased() {
        return database.getCollection("erased_customers");
    }

    private MongoCollection<Document> collection() {
        return database.getCollection("customer_accesses");
    }
}
