package io.crowsnest.localstack;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.or;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.crowsnest.localstack.testing.FreePort;

/**
 * The in-memory stand-in's queries through indexes answer exactly what reading the whole
 * collection answers: a random history of inserts, compare-and-set updates, updates of many,
 * replacements, deletes (whose slots later inserts reuse) over documents with indexed fields of
 * mixed number types, arrays, nested paths and missing values; after every step each query is
 * asked as the services ask it, and again wrapped in {@code $or}, which no index serves, and both
 * answers must be the same documents in the same order, with the same counts, and the same
 * results of aggregations that begin with the query as their {@code $match}.
 */
class IndexedMemoryDatabaseTest {

    private static final List<Object> CAMPAIGNS = List.of("c1", "c2", "c3", 7, 7L, 7.0, 8.5);
    private static final List<String> STATES = List.of("STAGED", "RESERVING", "RESERVED", "SENT");
    private static final List<String> TAGS = List.of("a", "b", "c", "d");

    private static LocalMongo mongo;
    private static MongoClient client;

    @BeforeAll
    static void start() {
        mongo = LocalMongo.inMemory(FreePort.pick());
        client = MongoClients.create(mongo.connectionString());
    }

    @AfterAll
    static void stop() {
        client.close();
        mongo.close();
    }

    @Test
    void everyQueryThroughAnIndexAnswersWhatAFullReadAnswers() {
        for (long seed = 1; seed <= 3; seed++) {
            Random random = new Random(seed);
            MongoCollection<Document> docs = client.getDatabase("indexed").getCollection("docs" + seed);
            if (seed % 2 == 0) {
                docs.insertOne(doc(random, 0)); // indexes built over documents already there
            }
            docs.createIndex(Indexes.ascending("campaign_id", "state", "partition"));
            docs.createIndex(Indexes.ascending("tags"));
            docs.createIndex(Indexes.ascending("state", "tags"));
            docs.createIndex(Indexes.ascending("nested.kind"));
            docs.createIndex(Indexes.ascending("key"), new IndexOptions().unique(true));
            int next = 1;
            int compared = 0;
            for (int step = 0; step < 250; step++) {
                int id = random.nextInt(next + 1);
                switch (random.nextInt(8)) {
                    case 0, 1 -> docs.insertOne(doc(random, next++));
                    case 2 -> docs.updateOne(and(eq("_id", "d" + id), eq("state", pick(random, STATES))),
                            Updates.combine(Updates.set("state", pick(random, STATES)),
                                    Updates.set("campaign_id", pick(random, CAMPAIGNS))));
                    case 3 -> docs.updateMany(eq("state", pick(random, STATES)), random.nextBoolean()
                            ? Updates.set("state", pick(random, STATES)) : Updates.unset("nested"));
                    case 4 -> docs.deleteOne(eq("_id", "d" + id));
                    case 5 -> docs.deleteMany(and(eq("campaign_id", pick(random, CAMPAIGNS)),
                            eq("state", pick(random, STATES))));
                    case 6 -> docs.replaceOne(eq("_id", "d" + id), doc(random, id));
                    default -> docs.findOneAndUpdate(and(eq("_id", "d" + id), in("state", STATES.subList(0, 2))),
                            Updates.combine(Updates.set("tags", List.of(pick(random, TAGS))), Updates.inc("version", 1)),
                            new FindOneAndUpdateOptions());
                }
                for (Bson query : queries(random, next)) {
                    List<Document> indexed = docs.find(query).into(new ArrayList<>());
                    List<Document> scanned = docs.find(or(query)).into(new ArrayList<>());
                    assertEquals(scanned, indexed, "seed " + seed + ", step " + step + ": " + query);
                    assertEquals(docs.countDocuments(or(query)), docs.countDocuments(query), query.toString());
                    List<Document> sorted = docs.find(query).sort(Sorts.descending("partition")).limit(3)
                            .into(new ArrayList<>());
                    assertEquals(docs.find(or(query)).sort(Sorts.descending("partition")).limit(3)
                            .into(new ArrayList<>()), sorted, query.toString());
                    for (List<Bson> stages : List.of(
                            List.of(Aggregates.group("$state", Accumulators.sum("n", 1)), Aggregates.sort(Sorts.ascending("_id"))),
                            List.of(Aggregates.limit(2)))) {
                        List<Bson> throughIndex = new ArrayList<>(List.of(Aggregates.match(query)));
                        List<Bson> fullRead = new ArrayList<>(List.of(Aggregates.match(or(query))));
                        throughIndex.addAll(stages);
                        fullRead.addAll(stages);
                        assertEquals(docs.aggregate(fullRead).into(new ArrayList<>()),
                                docs.aggregate(throughIndex).into(new ArrayList<>()), "aggregation: " + query);
                    }
                    compared += indexed.size();
                }
            }
            assertTrue(compared > 1000, "the queries found too little to tell: " + compared);
        }
    }

    private static List<Bson> queries(Random random, int next) {
        String id = "d" + random.nextInt(next + 1);
        return List.of(eq("_id", id),
                and(eq("_id", id), eq("state", pick(random, STATES))),
                in("_id", List.of(id, "d" + random.nextInt(next + 1), "missing")),
                eq("campaign_id", pick(random, CAMPAIGNS)),
                and(in("campaign_id", List.of(pick(random, CAMPAIGNS), pick(random, CAMPAIGNS))),
                        eq("state", pick(random, STATES)), eq("partition", random.nextInt(4))),
                and(eq("campaign_id", pick(random, CAMPAIGNS)), gte("partition", 2)),
                and(eq("state", pick(random, STATES)), eq("campaign_id", pick(random, CAMPAIGNS))),
                eq("tags", pick(random, TAGS)),
                and(eq("state", pick(random, STATES)), in("tags", List.of(pick(random, TAGS), pick(random, TAGS)))),
                eq("nested.kind", "k" + random.nextInt(3)),
                eq("key", "key-" + random.nextInt(next + 1)),
                eq("state", pick(random, STATES)));
    }

    private static Document doc(Random random, int n) {
        Document d = new Document("_id", "d" + n).append("key", "key-" + n)
                .append("campaign_id", pick(random, CAMPAIGNS)).append("state", pick(random, STATES))
                .append("partition", random.nextInt(4)).append("version", 0);
        if (random.nextBoolean()) {
            d.append("tags", new ArrayList<>(List.of(pick(random, TAGS), pick(random, TAGS))));
        } else if (random.nextBoolean()) {
            d.append("tags", pick(random, TAGS)); // a scalar where others hold arrays
        }
        if (random.nextInt(3) > 0) {
            d.append("nested", new Document("kind", "k" + random.nextInt(3)));
        }
        return d;
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
