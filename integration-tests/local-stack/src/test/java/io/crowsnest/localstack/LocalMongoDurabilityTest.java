package io.crowsnest.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

import io.crowsnest.localstack.testing.FreePort;

/** Acknowledged writes to the local MongoDB survive a kill -9 of the process that holds them. */
class LocalMongoDurabilityTest {

    private static final int WRITES = 300;

    @TempDir
    Path dir;

    @Test
    void acknowledgedWritesSurviveSigkill() throws Exception {
        Path file = dir.resolve("mongo.mv.db");
        int port = FreePort.pick();

        Process first = startServer(file, port);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            MongoCollection<Document> events = client.getDatabase("durability").getCollection("events");
            for (int i = 0; i < WRITES; i++) {
                events.insertOne(new Document("_id", i).append("payload", "event-" + i));
            }
            events.updateOne(new Document("_id", 7), new Document("$set", new Document("payload", "updated")));
            events.deleteOne(new Document("_id", 8));
        }
        first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        Process second = startServer(file, port);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            MongoCollection<Document> events = client.getDatabase("durability").getCollection("events");
            assertEquals(WRITES - 1, events.countDocuments(), "every acknowledged insert and delete is kept");
            assertEquals("updated", events.find(new Document("_id", 7)).first().getString("payload"));
            assertEquals("event-" + (WRITES - 1), events.find(new Document("_id", WRITES - 1)).first()
                    .getString("payload"));
        } finally {
            second.destroy();
            second.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Process startServer(Path file, int port) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LocalMongo.class.getName(), file.toString(),
                Integer.toString(port)).redirectErrorStream(true).start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith("mongo ready")) {
                return process;
            }
        }
        assertTrue(process.isAlive(), "local MongoDB did not start");
        return process;
    }
}
