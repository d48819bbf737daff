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
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;

import io.crowsnest.contactgovernance.domain.Channel;
import io.crowsnest.contactgovernance.domain.ContactPressure;
import io.crowsnest.contactgovernance.domain.FatigueHistory;
import io.crowsnest.contactgovernance.domain.LedgerEntry;
import io.crowsnest.contactgovernance.domain.OutcomeProgression;
import io.crowsnest.platform.mongo.MongoWrites;

/**
 * The contact ledger: every contact made, the truth the live counters are derived from. Each entry
 * is kept as the contract's LedgerEntry (written and read through {@link RecordFormat}) beside the
 * fields the queries filter on, which hold the contract's enum names (e.g. CHANNEL_SMS).
 */
@ApplicationScoped
public class LedgerStore {

    @Inject
    MongoDatabase database;
    @Inject
    RecordFormat<LedgerEntry> format;

    private MongoCollection<Document> ledger;

    @PostConstruct
    void init() {
        ledger = database.getCollection("ledger");
        ledger.createIndex(Indexes.compoundIndex(Indexes.ascending("personId"), Indexes.descending("contactedAt")));
        // windows of contactedAt (contact pressure, simulation replays); the pressure's grouping
        // fields follow, so a real MongoDB counts it from the index alone
        ledger.createIndex(Indexes.compoundIndex(Indexes.ascending("contactedAt"), Indexes.ascending("division"),
                Indexes.ascending("channel"), Indexes.ascending("personId")));
    }

    /** Writes an entry; false when an entry with its id exists already (a retried commit). */
    public boolean insert(LedgerEntry entry) {
        return MongoWrites.insertNew(ledger, new Document("_id", entry.entryId())
                .append("personId", entry.personId())
                .append("contactedAt", Date.from(entry.contactedAt()))
                .append("channel", "CHANNEL_" + (entry.channel() == null ? "UNSPECIFIED" : entry.channel().name()))
                .append("division", entry.divisionId())
                .append("category", "CONTACT_CATEGORY_" + entry.category().name())
                .append("campaignId", entry.campaignId())
                .append("outcome", outcome(entry.outcome()))
                .append("proto", format.document(entry)));
    }

    public Optional<LedgerEntry> find(String entryId) {
        Document doc = ledger.find(eq("_id", entryId)).first();
        return Optional.ofNullable(doc).map(this::read);
    }

    /** The person's entries contacted at or after the instant, oldest first. */
    public List<LedgerEntry> since(String personId, Instant from) {
        List<LedgerEntry> out = new ArrayList<>();
        for (Document doc : ledger.find(and(eq("personId", personId), gte("contactedAt", Date.from(from))))
                .sort(Sorts.ascending("contactedAt"))) {
            out.add(read(doc));
        }
        return out;
    }

    /** The person's contacts at or after the instant as fatigue reads them, oldest first. */
    public List<FatigueHistory.Contact> fatigueSince(String personId, Instant from) {
        return since(personId, from).stream().map(LedgerEntry::fatigue).toList();
    }

    /** Filters of a history page, in the contract's enum names; empty lists and nulls mean "any". */
    public record HistoryFilter(List<String> channels, List<String> divisions, List<String> categories,
            String campaignId, List<String> outcomes, Instant from, Instant until) {
    }

    /** One page of the person's history, newest contactedAt first (ties by id). */
    public List<LedgerEntry> history(String personId, HistoryFilter filter, int skip, int limit) {
        List<Bson> conditions = new ArrayList<>();
        conditions.add(eq("personId", personId));
        if (!filter.channels().isEmpty()) {
            conditions.add(in("channel", filter.channels()));
        }
        if (!filter.divisions().isEmpty()) {
            conditions.add(in("division", filter.divisions()));
        }
        if (!filter.categories().isEmpty()) {
            conditions.add(in("category", filter.categories()));
        }
        if (filter.campaignId() != null && !filter.campaignId().isEmpty()) {
            conditions.add(eq("campaignId", filter.campaignId()));
        }
        if (!filter.outcomes().isEmpty()) {
            conditions.add(in("outcome", filter.outcomes()));
        }
        if (filter.from() != null) {
            conditions.add(gte("contactedAt", Date.from(filter.from())));
        }
        if (filter.until() != null) {
            conditions.add(lt("contactedAt", Date.from(filter.until())));
        }
        List<LedgerEntry> out = new ArrayList<>();
        for (Document doc : ledger.find(and(conditions))
                .sort(Sorts.orderBy(Sorts.descending("contactedAt"), Sorts.descending("_id"))).skip(skip)
                .limit(limit)) {
            out.add(read(doc));
        }
        return out;
    }

    /** Replaces the entry's outcome if it is still the expected one; false when it moved meanwhile. */
    public boolean updateOutcome(LedgerEntry updated, OutcomeProgression.Outcome expected) {
        return ledger.updateOne(and(eq("_id", updated.entryId()), eq("outcome", outcome(expected))),
                new Document("$set", new Document("outcome", outcome(updated.outcome()))
                        .append("proto", format.document(updated))))
                .getModifiedCount() == 1;
    }

    private LedgerEntry read(Document doc) {
        return format.record(doc.get("proto", Document.class));
    }

    private static String outcome(OutcomeProgression.Outcome outcome) {
        return "CONTACT_OUTCOME_" + outcome.name();
    }

    /** Moves every entry of one person to another, marking where it came from; returns how many moved. */
    public long reassign(String fromPerson, String toPerson) {
        long moved = 0;
        for (Document doc : ledger.find(eq("personId", fromPerson))) {
            LedgerEntry entry = read(doc).movedTo(toPerson);
            moved += ledger.updateOne(and(eq("_id", doc.get("_id")), eq("personId", fromPerson)), new Document("$set",
                    new Document("personId", toPerson).append("proto", format.document(entry)))).getModifiedCount();
        }
        return moved;
    }

    /** Erases every entry of the person; returns how many. */
    public long deleteAll(String personId) {
        return ledger.deleteMany(eq("personId", personId)).getDeletedCount();
    }

    /** True when the person has any entry. */
    public boolean any(String personId) {
        return ledger.find(eq("personId", personId)).first() != null;
    }

    /** Every entry contacted in [from, until), oldest first, read lazily (simulation replays). */
    public Iterable<LedgerEntry> range(Instant from, Instant until) {
        return ledger.find(and(gte("contactedAt", Date.from(from)), lt("contactedAt", Date.from(until))))
                .sort(Sorts.orderBy(Sorts.ascending("contactedAt"), Sorts.ascending("_id")))
                .map(this::read);
    }

    /** How many entries were contacted in [from, until). */
    public long count(Instant from, Instant until) {
        return ledger.countDocuments(and(gte("contactedAt", Date.from(from)), lt("contactedAt", Date.from(until))));
    }

    /**
     * The contacts in the query's window, of its divisions and channels, counted by division and
     * channel in MongoDB (grouped by division, channel and person, then by division and channel, so
     * the second group's rows are the distinct persons) and the distinct persons over all of them.
     * Only the groups travel to Java, never the entries.
     */
    public ContactPressure.Counts pressure(ContactPressure.Query query) {
        List<Bson> conditions = new ArrayList<>();
        conditions.add(gte("contactedAt", Date.from(query.from())));
        conditions.add(lt("contactedAt", Date.from(query.until())));
        if (!query.divisions().isEmpty()) {
            conditions.add(in("division", query.divisions()));
        }
        if (!query.channels().isEmpty()) {
            conditions.add(in("channel", query.channels().stream().map(c -> "CHANNEL_" + c.name()).toList()));
        }
        Bson match = Aggregates.match(and(conditions));
        List<ContactPressure.Row> rows = new ArrayList<>();
        for (Document row : ledger.aggregate(List.of(match,
                Aggregates.group(new Document("division", "$division").append("channel", "$channel")
                        .append("person", "$personId"), Accumulators.sum("contacts", 1)),
                Aggregates.group(new Document("division", "$_id.division").append("channel", "$_id.channel"),
                        Accumulators.sum("contacts", "$contacts"), Accumulators.sum("persons", 1))))
                .allowDiskUse(true)) {
            Document key = row.get("_id", Document.class);
            String channel = key.getString("channel");
            rows.add(new ContactPressure.Row(key.getString("division") == null ? "" : key.getString("division"),
                    channel == null || channel.equals("CHANNEL_UNSPECIFIED") ? null
                            : Channel.valueOf(channel.substring("CHANNEL_".length())),
                    row.get("contacts", Number.class).longValue(), row.get("persons", Number.class).longValue()));
        }
        Document persons = ledger.aggregate(List.of(match, Aggregates.group("$personId"), Aggregates.count("persons")))
                .allowDiskUse(true).first();
        return new ContactPressure.Counts(rows, persons == null ? 0 : persons.get("persons", Number.class).longValue());
    }
}
