package io.crowsnest.localstack;

import static com.mongodb.client.model.Filters.eq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

/**
 * The in-memory stand-in never hands a stored document to one connection while another changes it:
 * many threads update one person document (growing arrays, nested fields) while others read it and
 * take it back from findOneAndUpdate. Before the stand-in copied results under its lock, this failed
 * with ConcurrentModificationException inside the server and a cleared connection pool in the driver.
 */
class LocalMongoConcurrencyTest {

    private static final int WRITERS = 6;
    private static final int READERS = 6;
    private static final int ROUNDS = 400;

    @Test
    void oneDocumentHammeredFromManyThreadsIsNeverSeenHalfChanged() throws Exception {
        try (LocalMongo mongo = LocalMongo.inMemory(0);
                MongoClient client = MongoClients.create(mongo.connectionString() + "/?maxPoolSize=50")) {
            MongoCollection<Document> persons = client.getDatabase("hammer").getCollection("persons");
            persons.insertOne(new Document("_id", "p-1").append("identifiers", new ArrayList<>())
                    .append("attributes", new Document()).append("version", 0));
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                work.add(pool.submit(() -> {
                    await(go);
                    for (int i = 0; i < ROUNDS; i++) {
                        try {
                            // fields come and go at the top level too, as a merge marks and unmarks a person
                            persons.updateOne(eq("_id", "p-1"), Updates.combine(
                                    Updates.push("identifiers", new Document("type", "cookie").append("value", writer + "-" + i)),
                                    Updates.set("attributes.a" + (i % 50), i),
                                    i % 2 == 0 ? Updates.set("merging_" + writer, i) : Updates.unset("merging_" + writer),
                                    Updates.inc("version", 1)));
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    }
                }));
            }
            for (int r = 0; r < READERS; r++) {
                int reader = r;
                work.add(pool.submit(() -> {
                    await(go);
                    for (int i = 0; i < ROUNDS; i++) {
                        try {
                            if (reader % 2 == 0) {
                                Document seen = persons.find(eq("_id", "p-1")).first();
                                assertTrue(seen.getList("identifiers", Document.class).size() >= 0);
                            } else {
                                persons.findOneAndUpdate(eq("_id", "p-1"), Updates.set("seen_by", reader),
                                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
                            }
                        } catch (RuntimeException | AssertionError e) {
                            failures.add(e);
                        }
                    }
                }));
            }
            go.countDown();
            for (Future<?> f : work) {
                f.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();
            assertTrue(failures.isEmpty(), failures.size() + " operations failed, first: " + failures.peek());
            Document last = persons.find(eq("_id", "p-1")).first();
            assertEquals(WRITERS * ROUNDS, last.getInteger("version"));
            assertEquals(WRITERS * ROUNDS, last.getList("identifiers", Document.class).size());
        }
    }

    private static void await(CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
