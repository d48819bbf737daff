package io.crowsnest.localstack;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.elemMatch;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Filters.regex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;

import io.crowsnest.localstack.testing.FreePort;

/** Every feature docs/mongodb-subset.md allows works on the local MongoDB with the real driver. */
class MongoSubsetTest {

    private LocalMongo mongo;
    private MongoClient client;
    private MongoCollection<Document> contacts;

    @BeforeEach
    void start() {
        mongo = LocalMongo.inMemory(FreePort.pick());
        client = MongoClients.create(mongo.connectionString());
        contacts = client.getDatabase("subset").getCollection("contacts");
        for (int i = 0; i < 10; i++) {
            contacts.insertOne(new Document("_id", i).append("person", "p" + (i % 3)).append("channel",
                    i % 2 == 0 ? "EMAIL" : "SMS").append("n", i).append("tags", List.of(
                            new Document("k", "division").append("v", i < 5 ? "cards" : "travel"))));
        }
    }

    @AfterEach
    void stop() {
        client.close();
        mongo.close();
    }

    @Test
    void queryOperatorsSortAndPaging() {
        assertEquals(List.of(9, 8, 7), ids(contacts.find(and(gt("n", 2), in("channel", "EMAIL", "SMS")))
                .sort(Sorts.descending("n")).limit(3)));
        assertEquals(List.of(3, 4), ids(contacts.find(or(eq("n", 3), eq("n", 4))).sort(Sorts.ascending("_id"))));
        assertEquals(5, contacts.countDocuments(elemMatch("tags", eq("v", "travel"))));
        assertEquals(10, contacts.countDocuments(and(exists("person"), regex("person", "^p[0-2]$"))));
        assertEquals(List.of(6, 7), ids(contacts.find(gt("_id", 5)).sort(Sorts.ascending("_id")).limit(2)));
    }

    @Test
    void inWithNullMatchesAMissingField() {
        MongoCollection<Document> addresses = client.getDatabase("subset").getCollection("addresses");
        addresses.createIndex(com.mongodb.client.model.Indexes.ascending("keyId"));
        addresses.insertOne(new Document("_id", "clear").append("value", "a@example.com"));
        addresses.insertOne(new Document("_id", "older").append("sealed", "x").append("keyId", 1));
        addresses.insertOne(new Document("_id", "current").append("sealed", "y").append("keyId", 2));
        addresses.insertOne(new Document("_id", "null").append("sealed", "z").append("keyId", null));
        List<Integer> olderOrNone = new java.util.ArrayList<>(List.of(1));
        olderOrNone.add(null);
        List<Object> found = new java.util.ArrayList<>();
        addresses.find(in("keyId", olderOrNone)).sort(Sorts.ascending("_id")).forEach(d -> found.add(d.get("_id")));
        assertEquals(List.of("clear", "null", "older"), found);
    }

    @Test
    void updateOperatorsAndUpsertingFindOneAndUpdate() {
        contacts.updateOne(eq("_id", 1), Updates.combine(Updates.inc("n", 10), Updates.set("s", "x"),
                Updates.addToSet("labels", "a"), Updates.push("history", 1), Updates.max("peak", 5)));
        contacts.updateOne(eq("_id", 1), Updates.combine(Updates.pull("history", 1), Updates.unset("s"),
                Updates.min("peak", 2)));
        Document one = contacts.find(eq("_id", 1)).first();
        assertEquals(11, one.getInteger("n"));
        assertEquals(List.of("a"), one.getList("labels", String.class));
        assertEquals(List.of(), one.getList("history", Integer.class));
        assertEquals(2, one.getInteger("peak"));

        MongoCollection<Document> sequences = client.getDatabase("subset").getCollection("sequences");
        FindOneAndUpdateOptions upsert = new FindOneAndUpdateOptions().upsert(true)
                .returnDocument(ReturnDocument.AFTER);
        sequences.findOneAndUpdate(eq("_id", "feed"), Updates.combine(Updates.inc("value", 1L),
                Updates.setOnInsert("createdBy", "test")), upsert);
        Document seq = sequences.findOneAndUpdate(eq("_id", "feed"), Updates.inc("value", 1L), upsert);
        assertEquals(2L, seq.getLong("value"));
        assertEquals("test", seq.getString("createdBy"));
    }

    @Test
    void uniqueIndexRejectsDuplicatesWithCode11000() {
        MongoCollection<Document> keys = client.getDatabase("subset").getCollection("idempotency");
        keys.createIndex(Indexes.ascending("key"), new IndexOptions().unique(true));
        keys.createIndex(Indexes.compoundIndex(Indexes.ascending("person"), Indexes.descending("at")));
        keys.insertOne(new Document("key", "k1"));
        MongoWriteException duplicate = assertThrows(MongoWriteException.class,
                () -> keys.insertOne(new Document("key", "k1")));
        assertEquals(11000, duplicate.getCode());
        assertEquals(ErrorCategory.DUPLICATE_KEY, duplicate.getError().getCategory());
    }

    /**
     * A unique index on a field only some documents carry, sparse so that those without it do not
     * collide (contact governance's commit keys on reservation closures), on both local backends.
     */
    @Test
    void aSparseUniqueIndexIgnoresDocumentsWithoutTheField(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        sparseUnique(client.getDatabase("subset").getCollection("closures"));
        try (LocalMongo durable = LocalMongo.durable(dir.resolve("subset.mv"), FreePort.pick());
                MongoClient onDisk = MongoClients.create(durable.connectionString())) {
            sparseUnique(onDisk.getDatabase("subset").getCollection("closures"));
        }
    }

    private static void sparseUnique(MongoCollection<Document> closures) {
        closures.createIndex(Indexes.ascending("commitKey"), new IndexOptions().unique(true).sparse(true));
        closures.insertOne(new Document("_id", "r1").append("state", "RELEASED"));
        closures.insertOne(new Document("_id", "r2").append("state", "VOIDED"));
        closures.insertOne(new Document("_id", "r3").append("state", "COMMITTED").append("commitKey", "k1"));
        MongoWriteException duplicate = assertThrows(MongoWriteException.class, () -> closures.insertOne(
                new Document("_id", "r4").append("state", "COMMITTED").append("commitKey", "k1")));
        assertEquals(ErrorCategory.DUPLICATE_KEY, duplicate.getError().getCategory());
        assertEquals("r3", closures.find(eq("commitKey", "k1")).first().getString("_id"));
        assertEquals(3, closures.countDocuments());
    }

    /**
     * An upsert whose filter is the {@code _id} and a field that must be missing: it updates the
     * document that lacks the field, inserts one when there is no document, and fails with a
     * duplicate key when the document has the field (contact governance's first consent record of a
     * person whose consents document holds only a stale mark), on both local backends.
     */
    @Test
    void anUpsertOnAMissingFieldTakesADocumentWithoutItAndCollidesWithOneThatHasIt(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        upsertOnMissingField(client.getDatabase("subset").getCollection("consents"));
        try (LocalMongo durable = LocalMongo.durable(dir.resolve("subset.mv"), FreePort.pick());
                MongoClient onDisk = MongoClients.create(durable.connectionString())) {
            upsertOnMissingField(onDisk.getDatabase("subset").getCollection("consents"));
        }
    }

    private static void upsertOnMissingField(MongoCollection<Document> consents) {
        consents.insertOne(new Document("_id", "marked").append("mark", "t1"));
        com.mongodb.client.model.UpdateOptions upsert = new com.mongodb.client.model.UpdateOptions().upsert(true);
        var taken = consents.updateOne(and(eq("_id", "marked"), exists("revision", false)),
                Updates.set("revision", 1), upsert);
        assertEquals(1, taken.getMatchedCount());
        assertEquals(new Document("_id", "marked").append("mark", "t1").append("revision", 1),
                consents.find(eq("_id", "marked")).first());
        var inserted = consents.updateOne(and(eq("_id", "new"), exists("revision", false)),
                Updates.set("revision", 1), upsert);
        assertEquals("new", inserted.getUpsertedId().asString().getValue());
        MongoWriteException taken2 = assertThrows(MongoWriteException.class, () -> consents.updateOne(
                and(eq("_id", "marked"), exists("revision", false)), Updates.set("revision", 2), upsert));
        assertEquals(ErrorCategory.DUPLICATE_KEY, taken2.getError().getCategory());
        assertEquals(1, consents.find(eq("_id", "marked")).first().getInteger("revision"));
        consents.updateOne(and(eq("_id", "marked"), eq("mark", "t1")), Updates.unset("mark"));
        assertEquals(new Document("_id", "marked").append("revision", 1), consents.find(eq("_id", "marked")).first());
    }

    @Test
    void estimatedDocumentCountCountsTheCollection() {
        MongoCollection<Document> outbox = client.getDatabase("subset").getCollection("outbox");
        outbox.insertMany(List.of(new Document("_id", "e1"), new Document("_id", "e2"), new Document("_id", "e3")));
        outbox.deleteOne(eq("_id", "e2"));
        assertEquals(2, outbox.estimatedDocumentCount());
    }

    @Test
    void bulkWriteAndAggregation() {
        contacts.bulkWrite(List.of(new InsertOneModel<>(new Document("_id", 100).append("person", "p0")
                .append("channel", "EMAIL").append("n", 1)),
                new UpdateOneModel<>(eq("_id", 0), Updates.set("n", 50))));
        List<Document> perPerson = contacts.aggregate(List.of(
                Aggregates.match(eq("channel", "EMAIL")),
                Aggregates.group("$person", Accumulators.sum("count", 1), Accumulators.sum("total", "$n"),
                        Accumulators.max("max", "$n")),
                Aggregates.sort(Sorts.ascending("_id")))).into(new ArrayList<>());
        assertEquals("p0", perPerson.get(0).getString("_id"));
        assertEquals(3, perPerson.get(0).getInteger("count"));
        assertEquals(50 + 6 + 1, perPerson.get(0).getInteger("total"));
        List<Document> unwound = contacts.aggregate(List.of(Aggregates.unwind("$tags"),
                Aggregates.match(eq("tags.v", "cards")), Aggregates.count("n"))).into(new ArrayList<>());
        assertEquals(5, unwound.get(0).getInteger("n"));
    }

    /**
     * Distinct counts by grouping twice (contact governance's contact pressure): by a compound key
     * with the person, then by the key's fields read as {@code $_id.<field>}; a group without
     * accumulators followed by {@code $count}; allowDiskUse accepted.
     */
    @Test
    void groupingTwiceCountsDistinctPersonsPerKey() {
        List<Document> rows = contacts.aggregate(List.of(
                Aggregates.match(and(gt("n", 0), lt("n", 9))),
                Aggregates.group(new Document("channel", "$channel").append("person", "$person"),
                        Accumulators.sum("contacts", 1)),
                Aggregates.group(new Document("channel", "$_id.channel"), Accumulators.sum("contacts", "$contacts"),
                        Accumulators.sum("persons", 1)),
                Aggregates.sort(Sorts.ascending("_id.channel")))).allowDiskUse(true).into(new ArrayList<>());
        // n 1..8: EMAIL 2,4,6,8 (persons p2,p1,p0,p2), SMS 1,3,5,7 (p1,p0,p2,p1)
        assertEquals(2, rows.size());
        assertEquals("EMAIL", rows.get(0).get("_id", Document.class).getString("channel"));
        assertEquals(4, rows.get(0).get("contacts", Number.class).longValue());
        assertEquals(3, rows.get(0).get("persons", Number.class).longValue());
        assertEquals("SMS", rows.get(1).get("_id", Document.class).getString("channel"));
        assertEquals(3, rows.get(1).get("persons", Number.class).longValue());
        Document persons = contacts.aggregate(List.of(Aggregates.match(eq("channel", "EMAIL")),
                Aggregates.group("$person"), Aggregates.count("persons"))).allowDiskUse(true).first();
        assertEquals(3, persons.get("persons", Number.class).longValue());
        assertEquals(null, contacts.aggregate(List.of(Aggregates.match(eq("channel", "FAX")),
                Aggregates.group("$person"), Aggregates.count("persons"))).first(), "no row when nothing matched");
    }

    @Test
    void arrayModifiersKeepTheLatestAndMaxKeepsTheGreatestString() {
        for (int i = 1; i <= 5; i++) {
            contacts.updateOne(eq("_id", 2), Updates.combine(
                    Updates.pushEach("recent", List.of("e" + i), new PushOptions().slice(-3)),
                    Updates.max("last", String.format("%015d|e%d", 1000 - i, i))));
        }
        contacts.updateOne(eq("_id", 2), Updates.addEachToSet("members", List.of("a", "b", "c", "a")));
        contacts.updateOne(eq("_id", 2), Updates.pullAll("members", List.of("a", "c")));
        Document two = contacts.find(eq("_id", 2)).first();
        assertEquals(List.of("e3", "e4", "e5"), two.getList("recent", String.class));
        assertEquals(String.format("%015d|e1", 999), two.getString("last"));
        assertEquals(List.of("b"), two.getList("members", String.class));
    }

    @Test
    void aTtlIndexIsAcceptedAndRetentionDeletesByRange() {
        MongoCollection<Document> events = client.getDatabase("subset").getCollection("events");
        events.createIndex(Indexes.ascending("expiresAt"), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
        Date past = new Date(System.currentTimeMillis() - 60_000);
        events.insertOne(new Document("_id", "old").append("expiresAt", past));
        events.insertOne(new Document("_id", "new").append("expiresAt", new Date(past.getTime() + 3_600_000)));
        assertEquals(1, events.deleteMany(lt("expiresAt", new Date())).getDeletedCount());
        assertEquals("new", events.find().first().getString("_id"));
    }

    private static List<Integer> ids(Iterable<Document> documents) {
        List<Integer> ids = new ArrayList<>();
        documents.forEach(d -> ids.add(d.getInteger("_id")));
        return ids;
    }
}
