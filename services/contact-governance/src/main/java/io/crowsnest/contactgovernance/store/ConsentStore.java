package io.crowsnest.contactgovernance.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;

import io.crowsnest.contactgovernance.domain.ConsentChange;
import io.crowsnest.contactgovernance.domain.ConsentState;
import io.crowsnest.contactgovernance.domain.PersonConsents;
import io.crowsnest.platform.mongo.MongoWrites;

/**
 * Consent records (one document per person, guarded by its revision) and the consent history,
 * where every change is kept, applied or not. Both are kept as the contract's messages
 * (PersonConsents, ConsentChangeRecord; written and read through {@link RecordFormat}) beside the
 * fields the queries use, which hold the contract's enum names (e.g. CONSENT_CHANGE_KIND_CHANNEL).
 * A person's consents document also carries the mark that their live counters missed a change
 * ({@link #markCountersStale}), so that the one read every grant makes of it tells both.
 */
@ApplicationScoped
public class ConsentStore {

    @Inject
    MongoDatabase database;
    @Inject
    RecordFormat<PersonConsents> consentFormat;
    @Inject
    RecordFormat<ConsentChange> changeFormat;

    /** The field of a person's consents document that marks their live counters stale. */
    private static final String STALE = "countersStale";

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
        return record(personId, consents.find(eq("_id", personId)).first());
    }

    private PersonConsents record(String personId, Document doc) {
        if (doc == null || doc.get("proto") == null) {
            return PersonConsents.empty(personId);
        }
        return consentFormat.record(doc.get("proto", Document.class));
    }

    /** The person's consent as the rules read it (nothing recorded: no decisions, revision 0). */
    public ConsentState state(String personId) {
        return find(personId).state();
    }

    /**
     * What one read of the person's document gives the hot path: their consent as the rules read it
     * and, when their live counters missed a change while Redis was unreachable, the mark that
     * makes the next grant rebuild them first (null when there is none).
     */
    public record Read(ConsentState state, StaleMark countersStale) {
    }

    /**
     * A person's counters missed a change (a commit or release that could not reach Redis) at
     * {@code since}; {@code token} tells this mark from a later one, so that clearing it after a
     * rebuild never clears a mark set while that rebuild ran.
     */
    public record StaleMark(Instant since, String token) {
    }

    /** The person's consent and any stale mark of their counters, in one read of one document. */
    public Read read(String personId) {
        Document doc = consents.find(eq("_id", personId)).first();
        Document mark = doc == null ? null : doc.get(STALE, Document.class);
        return new Read(record(personId, doc).state(), mark == null ? null
                : new StaleMark(mark.getDate("since").toInstant(), mark.getString("token")));
    }

    /**
     * Marks the person's counters stale: rebuilt from the ledger before their next grant. Kept in
     * the consents document, which every grant and check reads anyway (a document holding only the
     * mark stands for "nothing recorded" to every consent reader).
     */
    public void markCountersStale(String personId, Instant at) {
        consents.updateOne(eq("_id", personId), new Document("$set", new Document(STALE, new Document("since",
                Date.from(at)).append("token", UUID.randomUUID().toString()))), new UpdateOptions().upsert(true));
    }

    /** Clears the mark read before a rebuild, unless the person was marked again since. */
    public void clearCountersStale(String personId, StaleMark seen) {
        Bson same = and(eq("_id", personId), eq(STALE + ".token", seen.token()));
        if (consents.deleteOne(and(same, exists("proto", false))).getDeletedCount() == 0) {
            consents.updateOne(same, new Document("$unset", new Document(STALE, "")));
        }
    }

    /**
     * Stores the record if the stored revision is still expectedRevision; false otherwise. Updates
     * the record's fields only, so a stale mark of the counters stays.
     */
    public boolean replace(PersonConsents updated, long expectedRevision) {
        Document set = new Document("$set", new Document("revision", updated.revision())
                .append("proto", consentFormat.document(updated)));
        if (expectedRevision == 0) {
            // the first record: a document holding only a stale mark takes it; one with a record does not
            try {
                var result = consents.updateOne(and(eq("_id", updated.personId()), exists("revision", false)), set,
                        new UpdateOptions().upsert(true));
                return result.getMatchedCount() == 1 || result.getUpsertedId() != null;
            } catch (MongoWriteException e) {
                if (MongoWrites.isDuplicateKey(e)) {
                    return false;
                }
                throw e;
            }
        }
        return consents.updateOne(and(eq("_id", updated.personId()), eq("revision", expectedRevision)), set)
                .getMatchedCount() == 1;
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
