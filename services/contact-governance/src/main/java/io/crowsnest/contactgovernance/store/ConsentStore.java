package io.crowsnest.contactgovernance.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;

import io.crowsnest.contactgovernance.domain.ConsentChange;
import io.crowsnest.contactgovernance.domain.ConsentState;
import io.crowsnest.contactgovernance.domain.PersonConsents;
import io.crowsnest.platform.mongo.MongoWrites;

/**
 * Consent records (one document per person, guarded by its revision) and the consent history,
 * where every change is kept, applied or not. Both are kept as the contract's messages
 * (PersonConsents, ConsentChangeRecord; written and read through {@link RecordFormat}) beside the
 * fields the queries use, which hold the contract's enum names (e.g. CONSENT_CHANGE_KIND_CHANNEL).
 */
@ApplicationScoped
public class ConsentStore {

    @Inject
    MongoDatabase database;
    @Inject
    RecordFormat<PersonConsents> consentFormat;
    @Inject
    RecordFormat<ConsentChange> changeFormat;

    private MongoCollection<Document> consents;
    private MongoCollection<Document> changes;

    @PostConstruct
    void init() {
        consents = database.getCollection("consents");
        changes = database.getCollection("consent_changes");
        changes.createIndex(Indexes.compoundIndex(Indexes.ascending("personId"), Indexes.descending("recordedAt")));
    }

    /** The person's record; an empty one with revision 0 when nothing was ever recorded. */
    public PersonConsents find(String personId) {
        Document doc = consents.find(eq("_id", personId)).first();
        if (doc == null) {
            return PersonConsents.empty(personId);
        }
        return consentFormat.record(doc.get("proto", Document.class));
    }

    /** The person's consent as the rules read it (nothing recorded: no decisions, revision 0). */
    public ConsentState state(String personId) {
        return find(personId).state();
    }

    /** Stores the record if the stored revision is still expectedRevision; false otherwise. */
    public boolean replace(PersonConsents updated, long expectedRevision) {
        Document doc = new Document("_id", updated.personId()).append("revision", updated.revision())
                .append("proto", consentFormat.document(updated));
        if (expectedRevision == 0) {
            return MongoWrites.insertNew(consents, doc);
        }
        return consents.replaceOne(and(eq("_id", updated.personId()), eq("revision", expectedRevision)), doc)
                .getModifiedCount() == 1;
    }

    /** Keeps changes in the person's history. */
    public void record(String personId, List<ConsentChange> records) {
        if (records.isEmpty()) {
            return;
        }
        List<Document> docs = new ArrayList<>();
        for (ConsentChange r : records) {
            docs.add(new Document("_id", r.changeId()).append("personId", personId)
                    .append("recordedAt", Date.from(r.recordedAt()))
                    .append("kind", "CONSENT_CHANGE_KIND_" + r.kind().name())
                    .append("channel", "CHANNEL_" + (r.channel() == null ? "UNSPECIFIED" : r.channel().name()))
                    .append("proto", changeFormat.document(r)));
        }
        changes.insertMany(docs);
    }

    /**
     * One page of the history, newest recorded first; kinds and channels in the contract's enum
     * names; empty lists and nulls mean "any".
     */
    public List<ConsentChange> history(String personId, List<String> kinds, List<String> channels, Instant from,
            Instant until, int skip, int limit) {
        List<Bson> conditions = new ArrayList<>();
        conditions.add(eq("personId", personId));
        if (!kinds.isEmpty()) {
            conditions.add(in("kind", kinds));
        }
        if (!channels.isEmpty()) {
            // Only channel changes are filtered by channel; other kinds stay.
            conditions.add(com.mongodb.client.model.Filters.or(in("channel", channels),
                    com.mongodb.client.model.Filters.ne("kind", "CONSENT_CHANGE_KIND_CHANNEL")));
        }
        if (from != null) {
            conditions.add(gte("recordedAt", Date.from(from)));
        }
        if (until != null) {
            conditions.add(lt("recordedAt", Date.from(until)));
        }
        List<ConsentChange> out = new ArrayList<>();
        for (Document doc : changes.find(and(conditions))
                .sort(Sorts.orderBy(Sorts.descending("recordedAt"), Sorts.descending("_id"))).skip(skip)
                .limit(limit)) {
            out.add(changeFormat.record(doc.get("proto", Document.class)));
        }
        return out;
    }

    /** Erases the record and its history. */
    public void deleteAll(String personId) {
        consents.deleteOne(eq("_id", personId));
        changes.deleteMany(eq("personId", personId));
    }

    /** True when anything was ever recorded for the person. */
    public boolean any(String personId) {
        return consents.find(eq("_id", personId)).first() != null;
    }

    /** After a merge: the merged person's record is gone (combined into the survivor's), its history moves. */
    public void reassign(String fromPerson, String toPerson) {
        consents.deleteOne(eq("_id", fromPerson));
        changes.updateMany(eq("personId", fromPerson), new Document("$set", new Document("personId", toPerson)));
    }

    /** The person's whole history, oldest recorded first (simulations rebuild past consent from it). */
    public List<ConsentChange> allChanges(String personId) {
        List<ConsentChange> out = new ArrayList<>();
        for (Document doc : changes.find(eq("personId", personId)).sort(Sorts.ascending("recordedAt"))) {
            out.add(changeFormat.record(doc.get("proto", Document.class)));
        }
        return out;
    }
}
